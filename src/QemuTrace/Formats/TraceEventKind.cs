namespace QemuTrace.Formats;

/// <summary>What an event means to the analyses.</summary>
public enum TraceEventKind : byte
{
    /// <summary>Any event the analyses do not interpret.</summary>
    Other,

    /// <summary><c>exec_tb</c>: the CPU loop entered the translated block of a guest PC.</summary>
    ExecTb,

    /// <summary><c>exec_tb_nocache</c>: the same for an uncached block (declared but not emitted since QEMU 6.0).</summary>
    ExecTbNocache,

    /// <summary><c>exec_tb_exit</c>: generated code returned to the CPU loop.</summary>
    ExecTbExit,

    /// <summary>The simple backend's <c>Dropped_Event</c> record: events lost to a full buffer.</summary>
    Dropped,
}
