using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;
using QemuTrace.Interactive.Charts;
using QemuTrace.Session;

namespace QemuTrace.Interactive.Formatting;

/// <summary>Registers the HTML formatters (one call each); the rendering lives in the pure *Html classes.</summary>
public static class TraceFormatters
{
    /// <summary>Registers formatters for sessions, summaries, DataFrames, progress and charts.</summary>
    public static void Register()
    {
        Formatter.Register<TraceSummary>((summary, writer) => writer.Write(TraceSummaryHtml.Render(summary)), "text/html");
        Formatter.Register<TraceSummary>((summary, writer) => writer.Write(TraceSummaryHtml.RenderText(summary)), "text/plain");
        Formatter.Register<TraceSession>((session, writer) => writer.Write(TraceSummaryHtml.Render(session.Summary)), "text/html");
        Formatter.Register<DataFrame>((frame, writer) => writer.Write(DataFrameHtml.Render(frame)), "text/html");
        Formatter.Register<TraceProgressView>((view, writer) => writer.Write(TraceProgressHtml.Render(view)), "text/html");
        Formatter.Register<TraceChart>((chart, writer) => writer.Write(ChartHtml(chart)), "text/html");
    }

    /// <summary>The chart's HTML, preceded by plotly.js the first time a chart is shown in this notebook.</summary>
    private static string ChartHtml(TraceChart chart)
    {
        var kernel = KernelInvocationContext.Current?.HandlingKernel;
        bool first = true;
        if (kernel is not null)
        {
            var notebook = TraceNotebook.For(kernel);
            first = !notebook.PlotlyScriptWritten;
            notebook.PlotlyScriptWritten = true;
        }

        return first ? TraceChartRenderer.PlotlyScriptHtml() + chart.Html : chart.Html;
    }
}
