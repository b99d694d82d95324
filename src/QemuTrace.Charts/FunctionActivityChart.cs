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
        Create(analysis.Bins.BinNs, analysis.Bins.ByFunction.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<long>)kv.Value, StringComparer.Ordinal), functions);

    /// <summary>One line per function (x: bin start in ms, y: ms in the bin); <paramref name="functions"/> empty: all of <paramref name="byFunction"/>.</summary>
    public static GenericChart Create(long binNs, IReadOnlyDictionary<string, IReadOnlyList<long>> byFunction, IReadOnlyList<string>? functions = null)
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

        var binText = Duration(binNs);
        var title = chosen.Count == 1 ? $"Activity of {chosen[0]} over the boot" : "Activity of chosen functions over the boot";
        if (chosen.Count == 0)
        {
            return Empty(title, "No functions tracked: run the analysis with TrackedFunctions (CLI: --function NAME).");
        }

        int bins = Math.Max(1, chosen.Max(f => byFunction[f].Count));
        var x = Enumerable.Range(0, bins).Select(i => Ms(i * binNs)).ToArray();
        var traces = chosen.Select((function, index) =>
        {
            var ns = byFunction[function];
            return (Trace)Trace("scatter",
                ("name", $"{function} ({Duration(ns.Sum())})"),
                ("mode", "lines"),
                ("x", x),
                ("y", Enumerable.Range(0, bins).Select(i => i < ns.Count ? Ms(ns[i]) : 0.0).ToArray()),
                ("line", Obj(("color", ChartPalette.Categorical(index)), ("width", 1.5), ("shape", "hv"))),
                ("hovertemplate", function + ": %{y:.3f} ms in the " + binText + " from %{x:.0f} ms<extra></extra>"));
        });

        var layout = Layout(title, $"ms attributed to the function per {binText} bin; " + SampleNote, AxisTimeMs, $"attributed ms per {binText} bin", 380);
        SetAxis(layout, "yaxis", "rangemode", "tozero");
        layout.SetProperty("showlegend", true);
        return Chart(traces, layout);
    }
}
