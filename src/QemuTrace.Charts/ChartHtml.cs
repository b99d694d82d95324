using System.Globalization;
using System.Text;
using Plotly.NET;

namespace QemuTrace.Charts;

/// <summary>
/// Charts as HTML that needs no network: <see cref="PlotlyScript"/> (plotly.js itself, from Plotly.NET's embedded
/// resource) goes once on a page or in a notebook, and each chart is a <see cref="Fragment"/> (a div and a script that
/// draws it once <c>window.Plotly</c> exists). No CDN, no require.js.
/// </summary>
public static class ChartHtml
{
    /// <summary>The plotly.js that Plotly.NET 6.0.0 carries.</summary>
    public const string PlotlyJsVersion = "2.28.0";

    /// <summary>The class of every chart div, for finding them in a page.</summary>
    public const string ChartClass = "qtrace-chart";

    /// <summary>Marks the embedded plotly.js script, so a page can be checked to hold it exactly once.</summary>
    public const string PlotlyScriptMarker = "qtrace-plotly-js";

    private const string ResourceName = "Plotly.NET.plotly-" + PlotlyJsVersion + ".min.js";

    private static readonly Lazy<string> PlotlyJsText = new(ReadPlotlyJs);

    /// <summary>The plotly.js source (about 3.6 MB), read once from Plotly.NET's assembly.</summary>
    public static string PlotlyJs => PlotlyJsText.Value;

    /// <summary>
    /// A script element that defines <c>window.Plotly</c> unless the page already has it. plotly.js runs with
    /// <c>define</c>, <c>module</c> and <c>exports</c> hidden, because its UMD header would otherwise register it with
    /// require.js (present in Jupyter) instead of setting <c>window.Plotly</c>.
    /// </summary>
    public static string PlotlyScript()
    {
        var js = PlotlyJs;
        var html = new StringBuilder(js.Length + 400);
        html.Append("<script type=\"text/javascript\" id=\"").Append(PlotlyScriptMarker).Append("\">\n");
        html.Append("/* plotly.js ").Append(PlotlyJsVersion).Append(" (MIT), embedded by QemuTrace.Charts so charts draw offline */\n");
        html.Append("if (!window.Plotly) { (function (define, module, exports) {\n");
        html.Append(js);
        html.Append("\n}).call(window); }\n</script>\n");
        return html.ToString();
    }

    /// <summary>The figure (data, layout, config) as plotly.js JSON, made safe to sit inside a script element.</summary>
    public static string FigureJson(GenericChart chart) => GenericChart.toJson(chart).Replace("</", "<\\/", StringComparison.Ordinal);

    /// <summary>
    /// One chart: a div sized to the chart's height and a script that draws it with <c>Plotly.newPlot</c> as soon as
    /// plotly.js is there (polling for up to 20 s, then saying in the div what is missing).
    /// </summary>
    public static string Fragment(GenericChart chart)
    {
        var id = "qtrace-chart-" + Guid.NewGuid().ToString("N");
        var height = GenericChart.getLayout(chart).TryGetPropertyValue("height") is { } h ? Convert.ToInt32(h.Value, CultureInfo.InvariantCulture) : 450;
        return $$"""
            <div class="{{ChartClass}}" id="{{id}}" style="width:100%;height:{{height}}px"></div>
            <script type="text/javascript">
            (function () {
              var figure = {{FigureJson(chart)}};
              var draw = function () { Plotly.newPlot("{{id}}", figure.data, figure.layout, figure.config); };
              if (window.Plotly) { draw(); return; }
              var tries = 0;
              var timer = setInterval(function () {
                if (window.Plotly) { clearInterval(timer); draw(); }
                else if (++tries > 200) {
                  clearInterval(timer);
                  document.getElementById("{{id}}").textContent = "plotly.js is not on this page: add QemuTrace's embedded plotly.js (ChartHtml.PlotlyScript) before the charts.";
                }
              }, 100);
            })();
            </script>

            """;
    }

    private static string ReadPlotlyJs()
    {
        var assembly = typeof(GenericChart).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} {assembly.GetName().Version} has no resource {ResourceName}; resources: {string.Join(", ", assembly.GetManifestResourceNames())}. Update ChartHtml.PlotlyJsVersion to the Plotly.NET in use.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
