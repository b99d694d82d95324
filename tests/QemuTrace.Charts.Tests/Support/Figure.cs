using System.Collections;
using Plotly.NET;

namespace QemuTrace.Charts.Tests.Support;

/// <summary>Reads a chart back: its traces' plotly.js attributes and its layout.</summary>
public static class Figure
{
    public static IReadOnlyList<Trace> Traces(GenericChart chart) => GenericChart.getTraces(chart).ToList();

    public static T Get<T>(DynamicObj.DynamicObj obj, string name) => (T)obj.GetPropertyValue(name);

    public static IReadOnlyList<object> Values(DynamicObj.DynamicObj obj, string name) =>
        ((IEnumerable)obj.GetPropertyValue(name)).Cast<object>().ToList();

    public static IReadOnlyList<double> Doubles(DynamicObj.DynamicObj obj, string name) => Values(obj, name).Select(Convert.ToDouble).ToList();

    public static IReadOnlyList<string> Strings(DynamicObj.DynamicObj obj, string name) => Values(obj, name).Select(v => (string)v).ToList();

    public static DynamicObj.DynamicObj Layout(GenericChart chart) => GenericChart.getLayout(chart);

    public static string Title(GenericChart chart) =>
        Get<string>(Get<DynamicObj.DynamicObj>(Layout(chart), "title"), "text");

    public static string AxisTitle(GenericChart chart, string axis) =>
        Get<string>(Get<DynamicObj.DynamicObj>(Get<DynamicObj.DynamicObj>(Layout(chart), axis), "title"), "text");
}
