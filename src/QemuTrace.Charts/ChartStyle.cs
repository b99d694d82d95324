using System.Globalization;
using System.Net;
using Plotly.NET;
using QemuTrace.Export;

namespace QemuTrace.Charts;

/// <summary>
/// The look every standard chart shares, and the few plotly.js attributes set by name. Traces and layouts are
/// Plotly.NET objects (<see cref="Trace2D"/>, <see cref="Layout"/>) whose properties are set as plotly.js spells
/// them: C# cannot pass Plotly.NET's F# optional arguments readably, and plotly.js's reference is the one to read anyway.
/// </summary>
internal static class ChartStyle
{
    /// <summary>The sentence every subtitle carries: what a time in these charts is.</summary>
    public const string SampleNote = "times are sums of exec_tb intervals (sampled at each CPU-loop entry), not per-block";

    public const string AxisTimeMs = "time since the first trace record (ms)";

    public static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static double Ms(long ns) => ns / 1e6;

    public static string Duration(long ns) => ResultTableWriter.FormatDuration(ns);

    /// <summary>
    /// A bin width as people say it: <c>1 ms</c>, <c>500 µs</c>, <c>2.5 s</c>, without the table format's three
    /// decimals (<c>1.000 ms</c> reads as a thousand milliseconds where the comma is the decimal mark).
    /// </summary>
    public static string BinWidth(long ns)
    {
        var (value, unit) = ns switch
        {
            >= 1_000_000_000 => (ns / 1e9, "s"),
            >= 1_000_000 => (ns / 1e6, "ms"),
            >= 1_000 => (ns / 1e3, "µs"),
            _ => (ns, "ns"),
        };
        return value.ToString("0.###", Invariant) + " " + unit;
    }

    /// <summary>
    /// x (bin starts, ms) and a y picker for a step chart of time bins (plotly <c>shape: hv</c>): one more point at the
    /// end of the last bin repeats its value, so the last bin is drawn as wide as the others instead of as a point.
    /// </summary>
    public static double[] BinEdgesMs(int bins, long binNs) => Enumerable.Range(0, bins + 1).Select(i => Ms(i * binNs)).ToArray();

    /// <summary>Most bins a bin chart draws: about one per pixel column of a wide chart.</summary>
    public const int MaxChartBins = 2000;

    /// <summary>
    /// Bins a chart can show: when there are more than <see cref="MaxChartBins"/>, every k adjacent bins are summed into
    /// one (k the smallest that fits), so totals and stacking stay exact at a coarser width. Returns the width drawn, the
    /// series, and the note for the subtitle (empty when nothing was merged).
    /// </summary>
    public static (long BinNs, int Bins, IReadOnlyList<IReadOnlyList<long>> Series, string Note) FitBins(long binNs, int bins, IReadOnlyList<IReadOnlyList<long>> series)
    {
        if (bins <= MaxChartBins)
        {
            return (binNs, bins, series, "");
        }

        int k = (bins + MaxChartBins - 1) / MaxChartBins;
        int merged = (bins + k - 1) / k;
        var summed = series.Select(ns =>
        {
            var sums = new long[merged];
            for (int i = 0; i < ns.Count && i < bins; i++)
            {
                sums[i / k] += ns[i];
            }

            return (IReadOnlyList<long>)sums;
        }).ToList();
        return (binNs * k, merged, summed, $"{bins:N0} bins of {BinWidth(binNs)} summed {k} to 1 into {merged:N0} bins of {BinWidth(binNs * k)} to fit the screen; ");
    }

    /// <summary>The y values (ms) of <paramref name="ns"/> over <paramref name="bins"/> bins and the closing point of <see cref="BinEdgesMs"/>.</summary>
    public static double[] BinValuesMs(IReadOnlyList<long> ns, int bins) =>
        Enumerable.Range(0, bins + 1).Select(i => Math.Min(i, bins - 1) is int b && b < ns.Count ? Ms(ns[b]) : 0.0).ToArray();

    public static string Html(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A plotly.js attribute object (marker, line, axis title...).</summary>
    public static DynamicObj.DynamicObj Obj(params (string Name, object? Value)[] properties)
    {
        var obj = new DynamicObj.DynamicObj();
        foreach (var (name, value) in properties)
        {
            if (value is not null)
            {
                obj.SetProperty(name, value);
            }
        }

        return obj;
    }

    /// <summary>A trace of plotly.js type <paramref name="type"/> with the given attributes.</summary>
    public static Trace2D Trace(string type, params (string Name, object? Value)[] properties)
    {
        var trace = new Trace2D(type);
        foreach (var (name, value) in properties)
        {
            if (value is not null)
            {
                trace.SetProperty(name, value);
            }
        }

        return trace;
    }

    /// <summary>The shared layout: a title with a subtitle line (units, what the times are), labelled axes, a fixed height; the width follows the page.</summary>
    public static Layout Layout(string title, string subtitle, string xTitle, string yTitle, int height)
    {
        var layout = new Layout();
        layout.SetProperty("title", Obj(
            ("text", $"{Html(title)}<br><sup>{Html(subtitle)}</sup>"),
            ("x", 0.01),
            ("xanchor", "left")));
        layout.SetProperty("height", height);
        layout.SetProperty("autosize", true);
        layout.SetProperty("margin", Obj(("l", 10), ("r", 30), ("t", 80), ("b", 60)));
        layout.SetProperty("xaxis", Axis(xTitle));
        layout.SetProperty("yaxis", Axis(yTitle));
        layout.SetProperty("hoverlabel", Obj(("namelength", -1)));
        layout.SetProperty("font", Obj(("size", 12)));
        layout.SetProperty("legend", Obj(("orientation", "v"), ("x", 1.0), ("xanchor", "right"), ("y", 1.0), ("bgcolor", "rgba(255,255,255,0.8)")));
        return layout;
    }

    public static DynamicObj.DynamicObj Axis(string title, params (string Name, object? Value)[] more)
    {
        var axis = Obj(("title", Obj(("text", Html(title)))), ("automargin", true), ("zeroline", false));
        foreach (var (name, value) in more)
        {
            if (value is not null)
            {
                axis.SetProperty(name, value);
            }
        }

        return axis;
    }

    /// <summary>Sets one more property of the layout's x or y axis.</summary>
    public static void SetAxis(Layout layout, string axis, string name, object value) =>
        ((DynamicObj.DynamicObj)layout.GetPropertyValue(axis)).SetProperty(name, value);

    /// <summary>The chart: Plotly.NET's default template, our layout, and a config without the logo.</summary>
    public static GenericChart Chart(IEnumerable<Trace> traces, Layout layout)
    {
        var chart = GenericChart.ofTraceObjects(true, traces.ToList());
        chart = GenericChart.addLayout(layout, chart);

        // Plotly.NET's defaults fix the width at 600 px; without one, the chart fills its page or notebook cell.
        GenericChart.getLayout(chart).RemoveProperty("width");
        var config = new Config();
        config.SetProperty("responsive", true);
        config.SetProperty("displaylogo", false);
        return GenericChart.setConfig(config, chart);
    }

    /// <summary>A chart with nothing to draw says so in its middle instead of showing empty axes.</summary>
    public static GenericChart Empty(string title, string why)
    {
        var layout = Layout(title, why, "", "", 240);
        layout.SetProperty("xaxis", Obj(("visible", false)));
        layout.SetProperty("yaxis", Obj(("visible", false)));
        layout.SetProperty("annotations", new[]
        {
            Obj(("text", Html(why)), ("showarrow", false), ("xref", "paper"), ("yref", "paper"), ("x", 0.5), ("y", 0.5), ("font", Obj(("size", 14)))),
        });
        return Chart([], layout);
    }
}
