namespace QemuTrace.Symbols;

/// <summary>What to load symbols from: the kernel (vmlinux, System.map or kallsyms), modules, and a KASLR offset.</summary>
public sealed record SymbolSources
{
    /// <summary>vmlinux with symbols (.gz accepted).</summary>
    public string? Vmlinux { get; init; }

    /// <summary>System.map (.gz accepted).</summary>
    public string? SystemMap { get; init; }

    /// <summary>A /proc/kallsyms snapshot, module lines included (.gz accepted).</summary>
    public string? Kallsyms { get; init; }

    /// <summary>Modules as <c>PATH.ko@0xTEXTADDR</c>.</summary>
    public IReadOnlyList<string> Modules { get; init; } = [];

    /// <summary>Userspace ELFs as <c>PATH@0xBASE</c> (where the lowest segment was mapped).</summary>
    public IReadOnlyList<string> Users { get; init; } = [];

    /// <summary>KASLR offset as hex, or <c>auto</c> to find it from <see cref="Trace"/>.</summary>
    public string? KaslrOffset { get; init; }

    /// <summary>The trace whose kernel PCs <c>auto</c> uses.</summary>
    public string? Trace { get; init; }
}
