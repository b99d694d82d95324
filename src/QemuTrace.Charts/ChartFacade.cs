using QemuTrace.Charts.Isolation;

namespace QemuTrace.Charts;

/// <summary>
/// The charts behind a signature of strings only, for <see cref="IsolatedCharts"/> to call across an
/// AssemblyLoadContext boundary (no Plotly.NET or FSharp.Core type crosses it). In-process callers can use it too.
/// </summary>
public static class ChartFacade
{
    /// <summary>
    /// One standard chart as an HTML fragment (no CDN; needs <see cref="PlotlyScriptHtml"/> on the page).
    /// <paramref name="chartKind"/>: one of <see cref="ChartKinds"/>; <paramref name="payloadJson"/>: <see cref="ChartPayload.ToJson"/>.
    /// </summary>
    public static string RenderChartHtml(string chartKind, string payloadJson) =>
        ChartHtml.Fragment(BootCharts.Create(chartKind, ChartPayload.FromJson(payloadJson)));

    /// <summary>
    /// A chart of a DataFrame's columns as an HTML fragment (no CDN; needs <see cref="PlotlyScriptHtml"/> on the page).
    /// <paramref name="payloadJson"/>: <see cref="DataChartPayload.ToJson"/>.
    /// </summary>
    public static string RenderDataChartHtml(string payloadJson) =>
        ChartHtml.Fragment(DataFrameChart.Create(DataChartPayload.FromJson(payloadJson)));

    /// <summary>The script element with plotly.js embedded, once per page or notebook.</summary>
    public static string PlotlyScriptHtml() => ChartHtml.PlotlyScript();
}
