namespace QemuTrace.Recording;

/// <summary>What <see cref="QemuRecorder"/> records.</summary>
public enum RecordMode
{
    /// <summary>The exec_tb events: the simple backend where the QEMU has it, else the log backend with timestamps.</summary>
    ExecTb,

    /// <summary>exec_tb on the log backend plus a <c>-d cpu</c> register dump at every syscall entry.</summary>
    Syscalls,

    /// <summary>Every executed translated block, with the qtrace-blocks TCG plugin (<see cref="BlockCapture"/>).</summary>
    Blocks,
}
