using Plotly.NET;
using QemuTrace.Analysis;
using static QemuTrace.Charts.ChartStyle;

namespace QemuTrace.Charts;

/// <summary>
/// The boot as a Gantt chart: a row per milestone (a diamond at its time) and, between them, a row per stage (a bar
/// from its start to its end), top to bottom in time order, with dotted lines at the milestones.
/// </summary>
public static class BootTimelineChart
{
    /// <summary>Prefix of a milestone's row label, so milestone rows read apart from stage rows.</summary>
    public const string MilestoneRowPrefix = "◆ ";

    /// <summary>The stages and milestones of an analysis.</summary>
    public static GenericChart Create(BootAnalysis analysis) => Create(analysis.Stages, analysis.Milestones);

    /// <summary>Stages as bars (trace <c>stages</c>, one bar each) and milestones as labelled markers (trace <c>milestones</c>, one point each).</summary>
    public static GenericChart Create(IReadOnlyList<BootStage> stages, IReadOnlyList<Milestone> milestones)
    {
        const string title = "Boot timeline: stages between milestones";
        if (stages.Count == 0 && milestones.Count == 0)
        {
            return Empty(title, "No boot milestones found in the trace (are kernel symbols loaded?).");
        }

        // Rows in time order; at equal times a milestone comes before the stage it opens.
        var rows = milestones.Select(m => (Time: m.TimeNs, Order: 0, Label: MilestoneRowPrefix + m.Name))
            .Concat(stages.Select(s => (Time: s.StartNs, Order: 1, Label: s.Name)))
            .OrderBy(r => r.Time).ThenBy(r => r.Order)
            .Select(r => r.Label)
            .Distinct()
            .ToArray();

        var stageTrace = Trace("bar",
            ("name", "stages"),
            ("orientation", "h"),
            ("y", stages.Select(s => s.Name).ToArray()),
            ("base", stages.Select(s => Ms(s.StartNs)).ToArray()),
            ("x", stages.Select(s => Ms(s.DurationNs)).ToArray()),
            ("text", stages.Select(s => Duration(s.DurationNs)).ToArray()),
            ("textposition", "outside"),
            ("cliponaxis", false),
            ("customdata", stages.Select(s => new object[] { Duration(s.StartNs), Duration(s.EndNs), Duration(s.DurationNs) }).ToArray()),
            ("hovertemplate", "<b>%{y}</b><br>%{customdata[2]}, from %{customdata[0]} to %{customdata[1]}<extra></extra>"),
            ("marker", Obj(("color", stages.Select((_, i) => ChartPalette.Categorical(i)).ToArray()))));

        var milestoneTrace = Trace("scatter",
            ("name", "milestones"),
            ("mode", "markers+text"),
            ("y", milestones.Select(m => MilestoneRowPrefix + m.Name).ToArray()),
            ("x", milestones.Select(m => Ms(m.TimeNs)).ToArray()),
            ("text", milestones.Select(m => "  " + Duration(m.TimeNs)).ToArray()),
            ("textposition", "middle right"),
            ("cliponaxis", false),
            ("customdata", milestones.Select(m => new object[] { Duration(m.TimeNs), m.Function, "0x" + m.Pc.ToString("x", Invariant) }).ToArray()),
            ("hovertemplate", "<b>%{y}</b><br>at %{customdata[0]}<br>%{customdata[1]} (pc %{customdata[2]})<extra></extra>"),
            ("marker", Obj(("symbol", "diamond"), ("size", 12), ("color", "#222222"))));

        var layout = Layout(title, "bars: stage durations; diamonds: milestones; " + SampleNote, AxisTimeMs, "", 130 + (30 * rows.Length));
        SetAxis(layout, "yaxis", "categoryorder", "array");
        SetAxis(layout, "yaxis", "categoryarray", rows);
        SetAxis(layout, "yaxis", "autorange", "reversed");
        // Start the axis left of zero so the diamond at t = 0 (the reset vector) sits inside the plot, not over the row
        // labels; leave room on the right for the last milestone's time label.
        long last = Math.Max(1, Math.Max(milestones.Count == 0 ? 0 : milestones.Max(m => m.TimeNs), stages.Count == 0 ? 0 : stages.Max(s => s.EndNs)));
        SetAxis(layout, "xaxis", "range", new[] { -Ms(last) * 0.03, Ms(last) * 1.12 });
        layout.SetProperty("showlegend", false);
        layout.SetProperty("shapes", milestones.Select(m => Obj(
            ("type", "line"), ("xref", "x"), ("yref", "paper"), ("x0", Ms(m.TimeNs)), ("x1", Ms(m.TimeNs)), ("y0", 0), ("y1", 1),
            ("line", Obj(("color", "rgba(0,0,0,0.35)"), ("width", 1), ("dash", "dot"))))).ToArray());
        return Chart([stageTrace, milestoneTrace], layout);
    }
}
