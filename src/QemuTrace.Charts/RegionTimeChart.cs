using Plotly.NET;
using QemuTrace.Analysis;
using QemuTrace.Symbols;
using static QemuTrace.Charts.ChartStyle;

namespace QemuTrace.Charts;

/// <summary>Which part of the machine ran when: attributed time per boot region in each time bin, stacked.</summary>
public static class RegionTimeChart
{
    /// <summary>The region bins of an analysis.</summary>
    public static GenericChart Create(BootAnalysis analysis) =>
        Create(analysis.Bins.BinNs, analysis.Bins.ByRegion.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<long>)kv.Value));

    /// <summary>One stacked-area trace per region with any time; x: bin start (ms), y: ms attributed to the region in the bin.</summary>
    public static GenericChart Create(long binNs, IReadOnlyDictionary<AddressRegion, IReadOnlyList<long>> byRegion)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(binNs);
        var title = "Time per boot region over the boot";
        var found = byRegion.Where(kv => kv.Value.Any(ns => ns > 0)).OrderBy(kv => kv.Key).ToList();
        if (found.Count == 0)
        {
            return Empty(title, "No attributed time: the trace has no exec_tb records.");
        }

        var (fitNs, bins, series, merged) = FitBins(binNs, found.Max(kv => kv.Value.Count), found.Select(kv => kv.Value).ToList());
        binNs = fitNs;
        var regions = found.Select((kv, i) => KeyValuePair.Create(kv.Key, series[i])).ToList();
        var binText = BinWidth(binNs);
        var x = BinEdgesMs(bins, binNs);
        var traces = regions.Select(kv => (Trace)Trace("scatter",
            ("name", BootRegions.Name(kv.Key)),
            ("mode", "lines"),
            ("stackgroup", "regions"),
            ("x", x),
            ("y", BinValuesMs(kv.Value, bins)),
            ("line", Obj(("color", ChartPalette.Region(kv.Key)), ("width", 0.5), ("shape", "hv"))),
            ("fillcolor", ChartPalette.Region(kv.Key)),
            ("hovertemplate", "%{fullData.name}: %{y:.3f} ms in the " + binText + " from %{x:.0f} ms<extra></extra>")));

        var layout = Layout(title, merged + $"stacked: ms attributed to each region per {binText} bin (a full bin is {binText}); " + SampleNote,
            AxisTimeMs, $"attributed ms per {binText} bin", 420);
        layout.SetProperty("hovermode", "x unified");
        layout.SetProperty("legend", Obj(("title", Obj(("text", "region"))), ("orientation", "h"), ("x", 0.0), ("y", -0.18), ("yanchor", "top")));
        return Chart(traces, layout);
    }
}
