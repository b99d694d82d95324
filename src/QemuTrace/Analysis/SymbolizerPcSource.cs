using QemuTrace.Symbols;

namespace QemuTrace.Analysis;

/// <summary>Feeds a <see cref="Symbolizer"/> (gdb-exact symbols) to the analyses.</summary>
public sealed class SymbolizerPcSource : IPcSymbolizer
{
    private readonly Symbolizer _symbolizer;

    /// <summary>Wraps <paramref name="symbolizer"/>.</summary>
    public SymbolizerPcSource(Symbolizer symbolizer) => _symbolizer = symbolizer;

    /// <inheritdoc />
    public ulong? EntryPoint => _symbolizer.ElfEntryPoint;

    /// <inheritdoc />
    public AddressMap Regions => _symbolizer.Regions;

    /// <inheritdoc />
    /// <remarks>
    /// Without the symbolizer's cache, so that it is thread-safe: the analyses look up each distinct PC once (the
    /// stream's slot table is their cache), on the reading thread, while a pass may look up a PC of its own.
    /// </remarks>
    public int LookupId(ulong pc) => _symbolizer.LookupIdUncached(pc);

    /// <inheritdoc />
    public string NameOf(int id) => _symbolizer.GetName(id);

    /// <inheritdoc />
    public ulong AddressOf(int id) => _symbolizer.GetAddress(id);
}
