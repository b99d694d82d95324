namespace QemuTrace.Formats.Blocks;

/// <summary>When a block capture started recording (file header field).</summary>
public enum BlockStartCondition
{
    /// <summary>From the first block QEMU executed (the reset vector).</summary>
    Reset = 0,

    /// <summary>From the first execution of <see cref="BlockTraceHeader.StartPc"/>.</summary>
    Pc = 1,
}
