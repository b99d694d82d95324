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
            var region = (_symbols?.Regions ?? AddressMap.Default).Classify(pc, KernelStarted);
            int id = _symbols is not null && BootRegions.HasKernelSymbols(region) ? _symbols.LookupId(pc) : -1;
            named = (id >= 0 ? _symbols!.NameOf(id) : BootRegions.PseudoFunction(region), region);
            _names[key] = named;
        }

        return named;
    }
}
