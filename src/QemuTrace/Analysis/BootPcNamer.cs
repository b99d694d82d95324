using QemuTrace.Symbols;

namespace QemuTrace.Analysis;

/// <summary>
/// Names PCs the way the analyses do, for a reader walking a trace in order: it follows the boot phase (low PCs are
/// firmware before the kernel's first virtual PC, user space after) and symbolizes once per distinct PC.
/// </summary>
public sealed class BootPcNamer
{
    private readonly IPcSymbolizer? _symbols;
    private readonly Dictionary<ulong, (string Function, AddressRegion Region)> _names = [];

    /// <summary>Creates a namer; without symbols kernel PCs are named by their region (<c>[kernel]</c>).</summary>
    public BootPcNamer(IPcSymbolizer? symbols) => _symbols = symbols;

    /// <summary>Whether a kernel virtual PC has been seen yet.</summary>
    public bool KernelStarted { get; private set; }

    /// <summary>Takes the next block PC of the trace and returns its function (or pseudo-function) and region.</summary>
    public (string Function, AddressRegion Region) Next(ulong pc)
    {
        KernelStarted |= pc >= BootRegions.KernelTextStart;
        ulong key = BootRegions.PhaseKey(pc, KernelStarted);
        if (!_names.TryGetValue(key, out var named))
        {
            var (id, region) = Identify(_symbols, pc, KernelStarted);
            named = (id >= 0 ? _symbols!.NameOf(id) : BootRegions.PseudoFunction(region), region);
            _names[key] = named;
        }

        return named;
    }

    /// <summary>
    /// The one rule that names a block PC for every analysis: its region in this boot phase, and its symbol id (or -1)
    /// where the region has kernel symbols. Without symbols kernel PCs get only their region.
    /// </summary>
    public static (int SymbolId, AddressRegion Region) Identify(IPcSymbolizer? symbols, ulong pc, bool kernelStarted)
    {
        var region = (symbols?.Regions ?? AddressMap.Default).Classify(pc, kernelStarted);
        int id = symbols is not null && BootRegions.HasKernelSymbols(region) ? symbols.LookupId(pc) : -1;
        return (id, region);
    }
}
