namespace QemuTrace.Interactive.Charts;

/// <summary>
/// A chart ready for a notebook: its kind, a title, and the chart's HTML (a div and the script drawing it, with no
/// plotly.js and no CDN reference); the formatter writes plotly.js into the notebook once, before the first chart.
/// </summary>
/// <param name="Kind">top, timeline, first-calls, syscalls, address-spaces, regions or function; line, bar or area for a chart of a DataFrame (<see cref="TraceCharts"/>).</param>
/// <param name="Title">What the chart shows.</param>
/// <param name="Html">The chart's HTML.</param>
public sealed record TraceChart(string Kind, string Title, string Html);
