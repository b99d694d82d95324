using Plotly.NET;
using QemuTrace.Analysis;
using QemuTrace.Symbols;
using static QemuTrace.Charts.ChartStyle;

namespace QemuTrace.Charts;

/// <summary>
/// Boot order: every function's first call as a point at (time, how many functions had run by then), coloured by
/// region; the steep parts are where new code runs, the flat parts where the guest loops in code it already ran. The
/// functions that take the most time are labelled.
/// </summary>
public static class FirstCallsChart
{
    /// <summary>The first calls of an analysis, regions and labels from its profile.</summary>
    public static GenericChart Create(BootAnalysis analysis, int labels = 12) => Create(analysis.FirstCalls, analysis.Profile, labels);

    /// <summary>
    /// One point per first call (one trace per region present); <paramref name="profile"/> gives each function's region
    /// (unknown: other) and picks the <paramref name="labels"/> functions with the most time to label.
    /// </summary>
    public static GenericChart Create(IReadOnlyList<FirstCallRow> firstCalls, IReadOnlyList<FunctionProfileRow> profile, int labels = 12)
    {
        const string title = "First call of each function over the boot";
        if (firstCalls.Count == 0)
        {
            return Empty(title, "No functions ran: the trace has no exec_tb records.");
        }

        var regionOf = new Dictionary<string, AddressRegion>(StringComparer.Ordinal);
        foreach (var row in profile)
        {
            regionOf.TryAdd(row.Function, row.Region);
        }

        var labelled = profile.Where(r => !r.Function.StartsWith('[')).Take(labels).Select(r => r.Function).ToHashSet(StringComparer.Ordinal);
        var points = firstCalls.Select((call, index) => (Call: call, Rank: index + 1, Region: regionOf.GetValueOrDefault(call.Function, AddressRegion.Other))).ToList();
        var traces = points
            .GroupBy(p => p.Region)
            .OrderBy(g => g.Key)
            .Select(group => (Trace)Trace("scatter",
                ("name", BootRegions.Name(group.Key)),
                ("mode", "markers"),
                ("x", group.Select(p => Ms(p.Call.TimeNs)).ToArray()),
                ("y", group.Select(p => p.Rank).ToArray()),
                ("customdata", group.Select(p => new object[] { p.Call.Function, Duration(p.Call.TimeNs), "0x" + p.Call.Pc.ToString("x", Invariant) }).ToArray()),
                ("hovertemplate", "<b>%{customdata[0]}</b><br>first ran at %{customdata[1]} (pc %{customdata[2]})<br>function #%{y} to run<extra>%{fullData.name}</extra>"),
                ("marker", Obj(("color", ChartPalette.Region(group.Key)), ("size", 5)))));

        var layout = Layout(title, $"one point per function; labels: the {labelled.Count} functions with the most time; exact to the record (a block's first run follows its translation)",
            AxisTimeMs, "functions run so far (order of first call)", 560);
        // Labels sit up and to the left of their points (the curve rises to the right, so that side is empty). Each goes
        // to the lowest lane whose previous label is far enough away in time, so labels in one lane never overlap.
        var lanes = LabelLanes(points.Where(p => labelled.Contains(p.Call.Function)).Select(p => (p.Call.TimeNs, p.Call.Function)).ToList(),
            firstCalls.Max(c => c.TimeNs) - firstCalls.Min(c => c.TimeNs));
        layout.SetProperty("annotations", points.Where(p => labelled.Contains(p.Call.Function)).Select(p => Obj(
            ("x", Ms(p.Call.TimeNs)), ("y", p.Rank), ("text", Html(p.Call.Function)), ("showarrow", true), ("arrowhead", 0),
            ("arrowcolor", "rgba(0,0,0,0.4)"), ("ax", -24), ("ay", -(LaneHeightPx + (LaneHeightPx * lanes[p.Call.Function]))), ("xanchor", "right"),
            ("font", Obj(("size", 11))), ("bgcolor", "rgba(255,255,255,0.7)"))).ToArray());
        layout.SetProperty("legend", Obj(("title", Obj(("text", "region"))), ("x", 0.0), ("xanchor", "left"), ("y", 1.0), ("bgcolor", "rgba(255,255,255,0.8)")));
        return Chart(traces, layout);
    }

    /// <summary>Vertical distance between label lanes, px (one 11 px line and its padding).</summary>
    public const int LaneHeightPx = 22;

    /// <summary>
    /// A lane per label (by function), in time order: a label ends at its point and reaches left about
    /// <c>7 px × characters</c>; on a chart about 900 px wide spanning <paramref name="spanNs"/>, two labels share a lane
    /// only when the later one's left end clears the earlier one's point.
    /// </summary>
    public static Dictionary<string, int> LabelLanes(IReadOnlyList<(long TimeNs, string Function)> labels, long spanNs)
    {
        const double ChartPx = 900, CharPx = 7, ArrowPx = 24;
        double nsPerPx = Math.Max(1, spanNs) / ChartPx;
        var laneEnds = new List<double>();
        var lanes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (time, function) in labels.OrderBy(l => l.TimeNs))
        {
            double left = time - ((ArrowPx + (CharPx * function.Length)) * nsPerPx);
            int lane = laneEnds.FindIndex(end => end < left);
            if (lane < 0)
            {
                lane = laneEnds.Count;
                laneEnds.Add(0);
            }

            laneEnds[lane] = time;
            lanes[function] = lane;
        }

        return lanes;
    }
}
