using Plotly.NET;
using QemuTrace.Analysis;
using static QemuTrace.Charts.ChartStyle;

namespace QemuTrace.Charts;

/// <summary>When a function was busy: its attributed time in each time bin, for the functions the analysis tracked.</summary>
public static class FunctionActivityChart
{
    /// <summary>
    /// The tracked functions of an analysis (<see cref="BootAnalysisOptions.TrackedFunctions"/>), or only
    /// <paramref name="functions"/>; throws an <see cref="ArgumentException"/> for a function that was not tracked.
    /// </summary>
    public static GenericChart Create(BootAnalysis analysis, params IReadOnlyList<string> functions) =>
        Create(analysis.Bins.BinNs, analysis.Bins.ByFunction.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<long>)kv.Value, StringComparer.Ordinal), functions, analysis.DurationNs);

    /// <summary>
    /// One line per function (x: bin start in ms, y: ms in the bin); <paramref name="functions"/> empty: all of
    /// <paramref name="byFunction"/>. The time axis runs to <paramref name="durationNs"/> (the end of the trace) when
    /// given, so a function that stopped early is seen to stop, not the axis.
    /// </summary>
    public static GenericChart Create(long binNs, IReadOnlyDictionary<string, IReadOnlyList<long>> byFunction, IReadOnlyList<string>? functions = null, long? durationNs = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(binNs);
        var chosen = functions is { Count: > 0 } ? functions : byFunction.Keys.ToList();
        foreach (var function in chosen)
        {
            if (!byFunction.ContainsKey(function))
            {
                throw new ArgumentException(
                    $"`{function}` was not tracked by the analysis: run it with TrackedFunctions including it (CLI: --function {function}); tracked: {(byFunction.Count == 0 ? "none" : string.Join(", ", byFunction.Keys))}",
                    nameof(functions));
            }
        }

        var title = chosen.Count == 1 ? $"Activity of {chosen[0]} over the boot" : "Activity of chosen functions over the boot";
        if (chosen.Count == 0)
        {
            return Empty(title, "No functions tracked: run the analysis with TrackedFunctions (CLI: --function NAME).");
        }

        long traceBins = durationNs is long d && d > 0 ? (d + binNs - 1) / binNs : 0;
        int allBins = (int)Math.Max(1, Math.Max(chosen.Max(f => byFunction[f].Count), Math.Min(traceBins, int.MaxValue - 1)));
        var (fitNs, bins, series, merged) = FitBins(binNs, allBins, chosen.Select(f => byFunction[f]).ToList());
        binNs = fitNs;
        var binText = BinWidth(binNs);
        var x = BinEdgesMs(bins, binNs);
        var traces = chosen.Select((function, index) =>
        {
            var ns = series[index];
            return (Trace)Trace("scatter",
                ("name", $"{function} ({Duration(ns.Sum())})"),
                ("mode", "lines"),
                ("x", x),
                ("y", BinValuesMs(ns, bins)),
                ("line", Obj(("color", ChartPalette.Categorical(index)), ("width", 1.5), ("shape", "hv"))),
                ("hovertemplate", function + ": %{y:.3f} ms in the " + binText + " from %{x:.0f} ms<extra></extra>"));
        });

        var layout = Layout(title, merged + $"ms attributed to the function per {binText} bin; " + SampleNote, AxisTimeMs, $"attributed ms per {binText} bin", 380);
        SetAxis(layout, "yaxis", "rangemode", "tozero");
        layout.SetProperty("showlegend", true);
        // Below the plot: a legend inside it covered the lines it names.
        layout.SetProperty("legend", Obj(("orientation", "h"), ("x", 0.0), ("y", -0.22), ("yanchor", "top")));
        return Chart(traces, layout);
    }
}
