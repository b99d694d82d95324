using QemuTrace.Formats;

namespace QemuTrace.Recording;

/// <summary>How a recording will run: the full QEMU command, the files, and why each option was chosen.</summary>
public sealed class RecordPlan
{
    /// <summary>The probed QEMU.</summary>
    public required QemuCapabilities Qemu { get; init; }

    /// <summary>The mode.</summary>
    public required RecordMode Mode { get; init; }

    /// <summary>The QEMU command to run: the user's, then what the mode adds.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>The options added to the user's command.</summary>
    public required IReadOnlyList<string> Added { get; init; }

    /// <summary>The trace, once complete.</summary>
    public required string Output { get; init; }

    /// <summary>Where QEMU writes while it runs; renamed to <see cref="Output"/> afterwards.</summary>
    public required string PartialOutput { get; init; }

    /// <summary>The guest console and QEMU's messages (its stdout and stderr).</summary>
    public required string ConsoleOutput { get; init; }

    /// <summary>The trace's format.</summary>
    public required TraceFormat Format { get; init; }

    /// <summary>The syscall entry symbols and link addresses the register dumps are filtered on (syscalls mode).</summary>
    public IReadOnlyList<(string Symbol, ulong Address)> Entries { get; init; } = [];

    /// <summary>True when the filter covers every KASLR slide of the entry instead of its link address.</summary>
    public bool KaslrRanges { get; init; }

    /// <summary>What was chosen and why, one sentence each.</summary>
    public required IReadOnlyList<string> Choices { get; init; }
}
