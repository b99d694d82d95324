using Microsoft.Data.Analysis;
using QemuTrace.Charts.Isolation;
using QemuTrace.Export;
using QemuTrace.Frames;

namespace QemuTrace.Interactive.Charts;

/// <summary>
/// Charts of a notebook's own data, as the <see cref="TraceChart"/> the standard charts are: display it (or make it a
/// cell's last expression) and it draws offline like <c>#!trace chart</c>. Drawn through the isolated chart assemblies
/// (<see cref="TraceChartRenderer.ChartsDirectory"/>), so it works in the stock hosts too.
/// </summary>
/// <example><code>
/// var perBin = new DataFrame(new Int64DataFrameColumn("bin_start_ns", starts), new Int64DataFrameColumn("irq_ns", irq));
/// TraceCharts.FromDataFrame(perBin, "bin_start_ns", ["irq_ns"], "area", "interrupt time per bin")
/// </code></example>
public static class TraceCharts
{
    /// <summary>
    /// <paramref name="x"/> against the numeric columns <paramref name="ys"/> of <paramref name="frame"/>, as
    /// <paramref name="kind"/> <c>line</c> (default), <c>bar</c> or <c>area</c> (stacked). <c>_ns</c> columns are drawn
    /// in ms; more rows than pixels are thinned to each column's min and max per pixel (the subtitle says so). Throws an
    /// <see cref="ArgumentException"/> with a one-line message for an empty frame or an unknown or non-numeric column.
    /// </summary>
    public static TraceChart FromDataFrame(DataFrame frame, string x, IReadOnlyList<string> ys, string kind = DataChartKinds.Line, string? title = null)
    {
        var payload = DataChartPayload.From(frame, x, ys, kind, title);
        return new TraceChart(kind, payload.Title, IsolatedCharts.Load(TraceChartRenderer.ChartsDirectory).RenderDataChartHtml(payload));
    }

    /// <summary><paramref name="x"/> against one numeric column <paramref name="y"/> (see the overload taking several).</summary>
    public static TraceChart FromDataFrame(DataFrame frame, string x, string y, string kind = DataChartKinds.Line, string? title = null) =>
        FromDataFrame(frame, x, [y], kind, title);

    /// <summary>A result table through its DataFrame (<see cref="ResultTableFrames.ToDataFrame"/>); the title defaults to the table's.</summary>
    public static TraceChart FromResultTable(ResultTable table, string x, IReadOnlyList<string> ys, string kind = DataChartKinds.Line, string? title = null) =>
        FromDataFrame(table.ToDataFrame(), x, ys, kind, title ?? table.Title);
}
