using QemuTrace.Symbols;

namespace QemuTrace.Analysis;

/// <summary>
/// Whether the loaded symbols fit the trace: when most of the time spent at kernel addresses falls in no symbol, the
/// symbols are of another kernel build, or need a KASLR offset, and every table would be wrong without saying so.
/// </summary>
public static class SymbolFit
{
    /// <summary>Share of kernel time outside every symbol above which the symbols are taken not to fit.</summary>
    public const double MaxUnsymbolizedShare = 0.5;

    /// <summary>A one-line warning naming the share of unsymbolized kernel time, or null when the symbols fit.</summary>
    public static string? Warning(BootAnalysis analysis)
    {
        long kernel = analysis.Profile.Where(r => r.Region == AddressRegion.Kernel).Sum(r => r.TotalNs);
        string unknown = BootRegions.PseudoFunction(AddressRegion.Kernel);
        long outside = analysis.Profile.Where(r => r.Region == AddressRegion.Kernel && r.Function == unknown).Sum(r => r.TotalNs);
        if (kernel <= 0 || outside <= kernel * MaxUnsymbolizedShare)
        {
            return null;
        }

        return $"{100.0 * outside / kernel:F0}% of the time at kernel addresses is in no symbol: the symbols do not fit this trace (another kernel build, or a KASLR offset: try --kaslr-offset auto)";
    }
}
