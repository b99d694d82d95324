namespace QemuTrace.Recording;

/// <summary>What a recording produced, counted by reading the trace back.</summary>
public sealed class RecordResult
{
    /// <summary>The plan that ran.</summary>
    public required RecordPlan Plan { get; init; }

    /// <summary>QEMU's wall time.</summary>
    public required TimeSpan WallTime { get; init; }

    /// <summary>QEMU's exit code.</summary>
    public required int ExitCode { get; init; }

    /// <summary>True when the recording was stopped (Ctrl-C or cancellation) rather than ending with the guest.</summary>
    public required bool Interrupted { get; init; }

    /// <summary>Bytes of the trace.</summary>
    public required long OutputBytes { get; init; }

    /// <summary>Bytes of the console file.</summary>
    public required long ConsoleBytes { get; init; }

    /// <summary>Trace records read back (all events).</summary>
    public required long Records { get; init; }

    /// <summary>exec_tb records.</summary>
    public required long ExecTbRecords { get; init; }

    /// <summary>Events QEMU reported as dropped.</summary>
    public required ulong DroppedEvents { get; init; }

    /// <summary><c>-d cpu</c> register dumps (syscalls mode).</summary>
    public required long CpuStates { get; init; }

    /// <summary>exec_tb records at a syscall entry's link address (syscalls mode without KASLR ranges; re-entries included).</summary>
    public required long EntryRecords { get; init; }

    /// <summary>True when the console shows the guest powering off (<c>reboot: Power down</c>).</summary>
    public required bool ReachedPowerOff { get; init; }

    /// <summary>The console's last lines, for messages when something went wrong.</summary>
    public required IReadOnlyList<string> ConsoleTail { get; init; }
}
