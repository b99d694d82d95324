namespace QemuTrace.Formats;

/// <summary>The input formats QemuTrace reads.</summary>
public enum TraceFormat
{
    /// <summary>QEMU's simple trace backend, binary (log versions 0, 2, 3, 4).</summary>
    Simple,

    /// <summary>QEMU's log trace backend text, with or without <c>-msg timestamp=on</c>.</summary>
    Log,

    /// <summary>The text <c>scripts/simpletrace.py</c> prints (current and 2016 forms).</summary>
    SimpletraceText,

    /// <summary>The seed workflow's intermediate <c>TIMESTAMP PC [symbol...]</c> lines.</summary>
    TimestampPc,

    /// <summary>A qtrace-blocks capture: every executed block, from the TCG plugin in plugin/ (docs/block-format.md).</summary>
    Blocks,
}
