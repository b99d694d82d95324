namespace QemuTrace.Recording;

/// <summary>What the user asked <see cref="QemuRecorder"/> to record.</summary>
public sealed record RecordRequest
{
    /// <summary>The user's QEMU command line, binary first, exactly as they would run it.</summary>
    public required IReadOnlyList<string> QemuCommand { get; init; }

    /// <summary>What to record.</summary>
    public RecordMode Mode { get; init; } = RecordMode.ExecTb;

    /// <summary>The guest kernel's vmlinux (or its symbols): where <c>entry_SYSCALL_64</c> is. Needed for <see cref="RecordMode.Syscalls"/>.</summary>
    public string? Vmlinux { get; init; }

    /// <summary>The trace to write; a default name in the current directory when null.</summary>
    public string? Output { get; init; }

    /// <summary>Without <c>nokaslr</c>: filter all 512 2 MiB slides of the entry (slow), instead of refusing.</summary>
    public bool KaslrRanges { get; init; }

    /// <summary>For <see cref="RecordMode.Blocks"/>: where recording starts, <c>reset</c> or a guest address such as <c>0x1000000</c> (kernel entry without KASLR).</summary>
    public string BlockStart { get; init; } = "reset";

    /// <summary>For <see cref="RecordMode.Blocks"/>: the built plugin; built from the repository's source when null.</summary>
    public string? Plugin { get; init; }

    /// <summary>Replace an existing output file (never one of the command's inputs).</summary>
    public bool Force { get; init; }
}
