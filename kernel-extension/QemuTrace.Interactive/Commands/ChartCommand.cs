using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using QemuTrace.Interactive.Charts;

namespace QemuTrace.Interactive.Commands;

/// <summary><c>#!trace chart KIND [--function NAME] [--top N] [--name chart]</c>: a standard chart, offline (plotly.js embedded once).</summary>
public sealed class ChartCommand : TraceDirectiveCommand
{
    /// <summary>top, timeline, first-calls, syscalls, regions or function.</summary>
    public string? Kind { get; set; }

    /// <summary>The function, for <c>chart function NAME</c>.</summary>
    public string? Function { get; set; }

    /// <summary>Functions in the top chart.</summary>
    public string? Top { get; set; }

    /// <summary>Functions in the top chart: <see cref="Top"/> as a positive number, 20 by default.</summary>
    /// <exception cref="TraceCommandException">Not a positive whole number.</exception>
    public int TopRows => Top is null ? 20
        : int.TryParse(Top, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int rows) && rows > 0 ? rows
        : throw new TraceCommandException($"--top takes a positive whole number, not `{Top}` (e.g. --top 10)");

    /// <summary>Leave the regions' pseudo-functions out of the top chart.</summary>
    public bool NoPseudoFunctions { get; set; }

    internal static KernelActionDirective Directive() => new("chart", "Draw a chart (Plotly, works offline): top (functions by time), timeline (boot stages), first-calls, syscalls, regions (time per region over the boot), function --function NAME or function:NAME (its activity). Binds `chart`.")
    {
        Parameters =
        {
            new KernelDirectiveParameter("--kind", "top, timeline, first-calls, syscalls, regions or function.") { AllowImplicitName = true, Required = true }
                .AddCompletions(() => TraceChartRenderer.Kinds),
            new KernelDirectiveParameter("--function", "For `function`: the function whose activity to draw (or write the kind as function:NAME)."),
            new KernelDirectiveParameter("--top", "Functions in the top chart (default 20)."),
            new KernelDirectiveParameter("--no-pseudo-functions", "For `top`: leave the regions' pseudo-functions ([early-boot], [bios], [user]...) out.") { Flag = true },
            new KernelDirectiveParameter("--name", "C# variable (default chart)."),
        },
    };

    internal static Task HandleAsync(ChartCommand command, KernelInvocationContext context) => TraceCommandRunner.RunAsync(command, context, async () =>
    {
        var name = VariableBinder.Validate(command.Name, "chart");
        var kind = command.Kind ?? "";
        var function = command.Function;
        if (kind.StartsWith("function:", StringComparison.Ordinal))
        {
            function = kind["function:".Length..];
            kind = "function";
        }

        IReadOnlyList<string> functions = function is { Length: > 0 } f ? [f] : [];
        var analysis = await TraceAnalysisRunner.EnsureAsync(context, tracked: functions);
        var chart = await Task.Run(() => TraceChartRenderer.Render(analysis, kind, command.TopRows, functions, !command.NoPseudoFunctions));
        context.Display(chart, "text/html");
        await VariableBinder.BindAsync(context, name, chart);
    });
}
