using QemuTrace.Analysis;
using QemuTrace.Charts.Isolation;

namespace QemuTrace.Interactive.Charts;

/// <summary>
/// Draws the standard charts through QemuTrace.Charts loaded in its own AssemblyLoadContext from <c>charts/</c> beside
/// this assembly, so Plotly.NET's FSharp.Core 10.1 never meets the host's (dotnet-repl and the Jupyter kernel ship 10.0).
/// </summary>
public static class TraceChartRenderer
{
    /// <summary>The folder holding QemuTrace.Charts.dll and its dependencies.</summary>
    public static string ChartsDirectory
    {
        get
        {
            // Beside this DLL in a build output; in the NuGet package this DLL is in lib/net10.0 and the charts in
            // interactive-extensions/dotnet/charts (outside lib/, so no host references FSharp.Core 10.1).
            var own = Path.GetDirectoryName(typeof(TraceChartRenderer).Assembly.Location)!;
            var beside = Path.Combine(own, "charts");
            var packaged = Path.GetFullPath(Path.Combine(own, "..", "..", "interactive-extensions", "dotnet", "charts"));
            return Directory.Exists(beside) || !Directory.Exists(packaged) ? beside : packaged;
        }
    }

    /// <summary>The chart kinds, as <c>#!trace chart KIND</c> takes them.</summary>
    public static IReadOnlyList<string> Kinds => ChartKinds.All;

    /// <summary>A chart of <paramref name="analysis"/>.</summary>
    public static TraceChart Render(BootAnalysis analysis, string kind, int top, IReadOnlyList<string> functions, bool pseudoFunctions = true)
    {
        if (!ChartKinds.All.Contains(kind))
        {
            throw new TraceCommandException($"unknown chart `{kind}`: expected one of {string.Join(", ", ChartKinds.All)} (function takes a name: #!trace chart function:__text_poke)");
        }

        if (kind == ChartKinds.FunctionActivity && functions.Count == 0)
        {
            throw new TraceCommandException("#!trace chart function needs a function: #!trace chart function:NAME (or --function NAME)");
        }

        var charts = IsolatedCharts.Load(ChartsDirectory);
        var payload = ChartPayload.From(analysis) with { Top = top, Functions = functions, PseudoFunctions = pseudoFunctions };
        return new TraceChart(kind, Title(kind, top, functions), charts.RenderChartHtml(kind, payload));
    }

    /// <summary>plotly.js as a script element, written once per notebook before the first chart.</summary>
    public static string PlotlyScriptHtml() => IsolatedCharts.Load(ChartsDirectory).PlotlyScriptHtml();

    private static string Title(string kind, int top, IReadOnlyList<string> functions) => kind switch
    {
        ChartKinds.TopFunctions => $"top {top} functions by time",
        ChartKinds.BootTimeline => "boot stages and milestones",
        ChartKinds.FirstCalls => "first calls over time",
        ChartKinds.Syscalls => "system calls over time",
        ChartKinds.AddressSpaces => "system calls per address space",
        ChartKinds.Regions => "time per region over the boot",
        _ => $"activity of {string.Join(", ", functions)}",
    };
}
