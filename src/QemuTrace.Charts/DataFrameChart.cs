using Microsoft.Data.Analysis;
using Plotly.NET;
using QemuTrace.Charts.Isolation;
using static QemuTrace.Charts.ChartStyle;

namespace QemuTrace.Charts;

/// <summary>
/// A chart of any DataFrame: one column along x, one or more numeric columns as lines, bars or stacked areas, with the
/// look of the standard charts. Reading the frame (units, thinning, errors) is <see cref="DataChartPayload.From"/>.
/// </summary>
/// <example><code>
/// GenericChart chart = DataFrameChart.Create(analysis.TimeBinFrame(), "bin_start_ns", ["kernel", "user"], DataChartKinds.Area);
/// </code></example>
public static class DataFrameChart
{
    /// <summary>
    /// <paramref name="x"/> against <paramref name="ys"/> of <paramref name="frame"/> as <paramref name="kind"/>
    /// (line, bar or area); an <see cref="ArgumentException"/> with a one-line message for an empty frame, an unknown
    /// or non-numeric column.
    /// </summary>
    public static GenericChart Create(DataFrame frame, string x, IReadOnlyList<string> ys, string kind = DataChartKinds.Line, string? title = null) =>
        Create(DataChartPayload.From(frame, x, ys, kind, title));

    /// <summary>The chart of a payload made by <see cref="DataChartPayload.From"/>.</summary>
    public static GenericChart Create(DataChartPayload payload)
    {
        var kind = DataChartKinds.Check(payload.Kind);
        object x = payload.X is { } numbers ? numbers : payload.XCategories ?? [];
        var traces = payload.Series.Select((series, index) =>
        {
            var color = ChartPalette.Categorical(index);
            return (Trace)(kind switch
            {
                DataChartKinds.Bar => Trace("bar",
                    ("name", series.Name),
                    ("x", x),
                    ("y", series.Values),
                    ("marker", Obj(("color", color)))),
                DataChartKinds.Area => Trace("scatter",
                    ("name", series.Name),
                    ("mode", "lines"),
                    ("stackgroup", "data"),
                    ("x", x),
                    ("y", series.Values),
                    ("line", Obj(("color", color), ("width", 0.5))),
                    ("fillcolor", color)),
                _ => Trace("scatter",
                    ("name", series.Name),
                    ("mode", "lines"),
                    ("x", x),
                    ("y", series.Values),
                    ("line", Obj(("color", color), ("width", 1.5)))),
            });
        });

        var layout = Layout(payload.Title, payload.Subtitle, payload.XTitle, payload.YTitle, 420);
        if (payload.XCategories is not null)
        {
            // Text that looks like numbers ("1", "2") stays a category, in the frame's order.
            SetAxis(layout, "xaxis", "type", "category");
        }

        if (kind == DataChartKinds.Bar)
        {
            layout.SetProperty("barmode", "group");
        }

        layout.SetProperty("hovermode", "x unified");
        layout.SetProperty("showlegend", payload.Series.Count > 1);
        // Outside the plot on the right (plotly widens the margin for it): inside, it covered data; below, it covered
        // the rotated category labels of a bar chart.
        layout.SetProperty("legend", Obj(("orientation", "v"), ("x", 1.02), ("xanchor", "left"), ("y", 1.0), ("yanchor", "top")));
        return Chart(traces, layout);
    }
}
