using Plotly.NET;
using QemuTrace.Analysis;
using static QemuTrace.Charts.ChartStyle;

namespace QemuTrace.Charts;

/// <summary>Where the time goes: the functions with the most attributed time, as horizontal bars coloured by region.</summary>
public static class TopFunctionsChart
{
    /// <summary>The first <paramref name="top"/> rows of <see cref="BootAnalysis.Profile"/>.</summary>
    public static GenericChart Create(BootAnalysis analysis, int top = 20, bool pseudoFunctions = true) => Create(analysis.Profile, top, pseudoFunctions);

    /// <summary>
    /// The first <paramref name="top"/> rows of a profile (already sorted by time): one bar per function, length in ms,
    /// labelled with its share of all attributed time; one trace per region so the legend explains the colours.
    /// Without <paramref name="pseudoFunctions"/>, the unsymbolized region rows (<c>[early-boot]</c>, <c>[bios]</c>,
    /// <c>[user]</c>...) are left out, so one 55% bar does not squash every kernel function; the subtitle says how much
    /// time they hold.
    /// </summary>
    public static GenericChart Create(IReadOnlyList<FunctionProfileRow> profile, int top = 20, bool pseudoFunctions = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        var left = pseudoFunctions ? [] : profile.Where(IsPseudoFunction).ToList();
        var rows = profile.Where(r => pseudoFunctions || !IsPseudoFunction(r)).Take(top).ToList();
        var title = $"Top {rows.Count} functions by time";
        if (rows.Count == 0)
        {
            return Empty(title, "No functions in the profile: the trace has no exec_tb records.");
        }

        var traces = rows
            .GroupBy(r => r.Region)
            .Select(group => (Trace)Trace("bar",
                ("name", BootRegions.Name(group.Key)),
                ("orientation", "h"),
                ("y", group.Select(r => r.Function).ToArray()),
                ("x", group.Select(r => Ms(r.TotalNs)).ToArray()),
                ("text", group.Select(r => r.Percent.ToString("F1", Invariant) + "%").ToArray()),
                ("textposition", "outside"),
                ("cliponaxis", false),
                ("customdata", group.Select(r => new object[] { Duration(r.TotalNs), r.Percent.ToString("F2", Invariant) + "%", r.Blocks.ToString("N0", Invariant), r.Entries.ToString("N0", Invariant) }).ToArray()),
                ("hovertemplate", "<b>%{y}</b><br>%{customdata[0]} (%{customdata[1]} of all attributed time)<br>%{customdata[2]} exec_tb records, %{customdata[3]} at its first byte<extra>%{fullData.name}</extra>"),
                ("marker", Obj(("color", ChartPalette.Region(group.Key))))));

        var leftOut = left.Count == 0 ? "" : $"left out: {string.Join(", ", left.Take(4).Select(r => $"{r.Function} {r.Percent.ToString("F1", Invariant)}%"))}; ";
        var layout = Layout(title, "bar length: attributed time in ms; label: share of all attributed time; " + leftOut + SampleNote,
            "attributed time (ms, sum of exec_tb intervals)", "", 140 + (26 * rows.Count));
        SetAxis(layout, "yaxis", "categoryorder", "array");
        SetAxis(layout, "yaxis", "categoryarray", rows.Select(r => r.Function).ToArray());
        SetAxis(layout, "yaxis", "autorange", "reversed");
        layout.SetProperty("barmode", "overlay");
        layout.SetProperty("legend", Obj(("title", Obj(("text", "region"))), ("x", 1.0), ("xanchor", "right"), ("y", 0.0), ("yanchor", "bottom"), ("bgcolor", "rgba(255,255,255,0.8)")));
        return Chart(traces, layout);
    }

    /// <summary>Whether a profile row is a region's pseudo-function (<c>[early-boot]</c>) rather than a symbol.</summary>
    public static bool IsPseudoFunction(FunctionProfileRow row) => row.Function.StartsWith('[') && row.Function.EndsWith(']');
}
