using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;

namespace QemuTrace.Charts.Isolation;

/// <summary>
/// The standard charts as HTML, drawn by QemuTrace.Charts (Plotly.NET 6, FSharp.Core 10.1) loaded into a private
/// <see cref="AssemblyLoadContext"/>, so they work in hosts that already loaded an older FSharp.Core (dotnet-repl and the
/// <c>dotnet interactive</c> Jupyter kernel ship 10.0.0, and any Plotly.NET 6 call there fails with
/// <c>FileNotFoundException: FSharp.Core, Version=10.1.0.0</c>). Only strings cross the boundary.
/// </summary>
/// <example><code>
/// var charts = IsolatedCharts.LoadFromOwnFolder();
/// display(HTML(charts.PlotlyScriptHtml()));                        // once per notebook
/// display(HTML(charts.RenderChartHtml(ChartKinds.TopFunctions, ChartPayload.From(analysis))));
/// </code></example>
public sealed class IsolatedCharts
{
    /// <summary>The assembly that holds the facade.</summary>
    public const string FacadeAssemblyName = "QemuTrace.Charts";

    /// <summary>The facade type, whose public static methods take and return only strings.</summary>
    public const string FacadeTypeName = "QemuTrace.Charts.ChartFacade";

    private static readonly ConcurrentDictionary<string, Lazy<IsolatedCharts>> Loaded = new(StringComparer.Ordinal);

    private readonly Func<string, string, string> _renderChart;
    private readonly Func<string, string> _renderDataChart;
    private readonly Func<string> _plotlyScript;

    private IsolatedCharts(string directory, AssemblyLoadContext context, Assembly facadeAssembly)
    {
        Directory = directory;
        LoadContext = context;
        var facade = facadeAssembly.GetType(FacadeTypeName, throwOnError: true)!;
        _renderChart = Bind<Func<string, string, string>>(facade, "RenderChartHtml");
        _renderDataChart = Bind<Func<string, string>>(facade, "RenderDataChartHtml");
        _plotlyScript = Bind<Func<string>>(facade, "PlotlyScriptHtml");
    }

    /// <summary>The folder the chart assemblies are loaded from.</summary>
    public string Directory { get; }

    /// <summary>The private context (its assemblies show where Plotly.NET and FSharp.Core came from).</summary>
    public AssemblyLoadContext LoadContext { get; }

    /// <summary>
    /// Loads the charts from <paramref name="directory"/>, which must hold QemuTrace.Charts.dll and its dependencies
    /// (the build output of QemuTrace.Charts). One context per folder per process: later calls return the same instance.
    /// </summary>
    public static IsolatedCharts Load(string directory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        return Loaded.GetOrAdd(full, d => new Lazy<IsolatedCharts>(() => Create(d))).Value;
    }

    /// <summary>Loads the charts from the folder this assembly was loaded from (an extension's own folder).</summary>
    public static IsolatedCharts LoadFromOwnFolder()
    {
        var location = typeof(IsolatedCharts).Assembly.Location;
        if (string.IsNullOrEmpty(location))
        {
            throw new InvalidOperationException("QemuTrace.Charts.Isolation was loaded from memory, so it has no folder: call IsolatedCharts.Load(directory) with the folder holding QemuTrace.Charts.dll");
        }

        return Load(Path.GetDirectoryName(location)!);
    }

    /// <summary>
    /// One chart as an HTML fragment (a div and the script that draws it once plotly.js is on the page, no CDN).
    /// <paramref name="chartKind"/> is one of <see cref="ChartKinds"/>; <paramref name="payloadJson"/> is <see cref="ChartPayload.ToJson"/>.
    /// </summary>
    public string RenderChartHtml(string chartKind, string payloadJson) => _renderChart(ChartKinds.Check(chartKind), payloadJson);

    /// <summary>One chart as an HTML fragment from a payload.</summary>
    public string RenderChartHtml(string chartKind, ChartPayload payload) => RenderChartHtml(chartKind, payload.ToJson());

    /// <summary>A chart of a DataFrame's columns (<see cref="DataChartPayload.From"/>) as an HTML fragment.</summary>
    public string RenderDataChartHtml(DataChartPayload payload) => _renderDataChart(payload.ToJson());

    /// <summary>A script element holding plotly.js itself (about 3.6 MB), to put once on a page or in a notebook before any chart.</summary>
    public string PlotlyScriptHtml() => _plotlyScript();

    private static IsolatedCharts Create(string directory)
    {
        var facadePath = Path.Combine(directory, FacadeAssemblyName + ".dll");
        if (!File.Exists(facadePath))
        {
            throw new FileNotFoundException(
                $"{facadePath} not found: the isolated charts need QemuTrace.Charts.dll with Plotly.NET.dll, FSharp.Core.dll (10.1), DynamicObj.dll, Giraffe.ViewEngine.dll and Newtonsoft.Json.dll in one folder (QemuTrace.Charts' build output)",
                facadePath);
        }

        var context = new ChartLoadContext(directory);
        return new IsolatedCharts(directory, context, context.LoadFromAssemblyPath(facadePath));
    }

    private static TDelegate Bind<TDelegate>(Type facade, string name)
        where TDelegate : Delegate
    {
        var parameters = typeof(TDelegate).GetMethod("Invoke")!.GetParameters().Select(p => p.ParameterType).ToArray();
        var method = facade.GetMethod(name, BindingFlags.Public | BindingFlags.Static, parameters)
            ?? throw new MissingMethodException($"{facade.FullName}.{name}({string.Join(", ", parameters.Select(p => p.Name))}) not found in {facade.Assembly.Location}: QemuTrace.Charts and QemuTrace.Charts.Isolation are from different builds");
        return method.CreateDelegate<TDelegate>();
    }
}
