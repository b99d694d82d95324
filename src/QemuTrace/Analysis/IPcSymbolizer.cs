using QemuTrace.Symbols;

namespace QemuTrace.Analysis;

/// <summary>
/// What the analyses need from symbolization: a dense symbol id per PC, and each id's name and address. Every member
/// must be safe to call from two threads at once: the stream looks up new PCs on its reading thread while the passes
/// run on another.
/// </summary>
public interface IPcSymbolizer
{
    /// <summary>The symbol gdb's <c>info symbol</c> would name for <paramref name="pc"/>, as a dense id, or -1.</summary>
    int LookupId(ulong pc);

    /// <summary>Name of a symbol id.</summary>
    string NameOf(int id);

    /// <summary>Start address of a symbol id.</summary>
    ulong AddressOf(int id);

    /// <summary>The address classifier that goes with these symbols (kernel image and module ranges).</summary>
    AddressMap Regions { get; }

    /// <summary>The kernel image's ELF entry point (a physical address such as 0x1000000), when known.</summary>
    ulong? EntryPoint { get; }
}
