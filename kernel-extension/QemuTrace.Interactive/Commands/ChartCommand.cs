using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using QemuTrace.Interactive.Charts;

namespace QemuTrace.Interactive.Commands;

/// <summary>
/// <c>#!trace chart KIND [--function NAME] [--top N] [--name chart]</c>: a standard chart, offline (plotly.js embedded once);
/// <c>#!trace chart --data VARIABLE --x COL --y COL [--y COL]... [--kind line|bar|area] [--title T]</c>: a chart of a
/// DataFrame in a C# variable (<see cref="DataChartRequest"/>).
/// </summary>
public sealed class ChartCommand : TraceDirectiveCommand
{
    /// <summary>top, timeline, first-calls, syscalls, address-spaces, regions or function; with <see cref="Data"/>: line, bar or area.</summary>
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

    /// <summary>The C# variable holding the DataFrame to chart instead of a standard chart.</summary>
    public string? Data { get; set; }

    /// <summary>With <see cref="Data"/>: the column along x.</summary>
    public string? X { get; set; }

    /// <summary>With <see cref="Data"/>: the numeric column to draw as bound by the host (given once); several <c>--y</c> are read from the line (<see cref="RepeatedOption"/>).</summary>
    public System.Text.Json.JsonElement? Y { get; set; }

    /// <summary>With <see cref="Data"/>: the chart's title.</summary>
    public string? Title { get; set; }

    internal static KernelActionDirective Directive() => new("chart", "Draw a chart (Plotly, works offline): top (functions by time), timeline (boot stages), first-calls, syscalls, address-spaces (syscalls per CR3 on a syscall capture), regions (time per region over the boot), function --function NAME or function:NAME (its activity); or your own DataFrame: --data VARIABLE --x COL --y COL [--kind line|bar|area]. Binds `chart`.")
    {
        Parameters =
        {
            // Not Required: --data charts need no standard kind (the handler asks for one when neither is given).
            new KernelDirectiveParameter("--kind", "top, timeline, first-calls, syscalls, address-spaces, regions or function; with --data: line (default), bar or area.") { AllowImplicitName = true }
                .AddCompletions(() => [.. TraceChartRenderer.Kinds, .. QemuTrace.Charts.Isolation.DataChartKinds.All]),
            new KernelDirectiveParameter("--function", "For `function`: the function whose activity to draw (or write the kind as function:NAME)."),
            new KernelDirectiveParameter("--top", "Functions in the top chart (default 20)."),
            new KernelDirectiveParameter("--no-pseudo-functions", "For `top`: leave the regions' pseudo-functions ([early-boot], [bios], [user]...) out.") { Flag = true },
            new KernelDirectiveParameter("--data", "Chart this C# variable's DataFrame (or ResultTable) instead of a standard chart; needs --x and --y."),
            new KernelDirectiveParameter("--x", "With --data: the column along x (numbers, or text for categories)."),
            new KernelDirectiveParameter("--y", "With --data: a numeric column to draw (repeatable; _ns columns are shown in ms).") { MaxOccurrences = 16 },
            new KernelDirectiveParameter("--title", "With --data: the chart's title (default: Y by X)."),
            new KernelDirectiveParameter("--name", "C# variable (default chart)."),
        },
    };

    internal static Task HandleAsync(ChartCommand command, KernelInvocationContext context) => TraceCommandRunner.RunAsync(command, context, async () =>
    {
        var name = VariableBinder.Validate(command.Name, "chart");
        if (command.Data is not null || DataChartRequest.OnlyForData(command) is not null)
        {
            var drawn = await DataChartRequest.RenderAsync(command, context);
            context.Display(drawn, "text/html");
            await VariableBinder.BindAsync(context, name, drawn);
            return;
        }

        var kind = command.Kind ?? throw new TraceCommandException(
            $"#!trace chart needs a kind: {string.Join(", ", TraceChartRenderer.Kinds)} (e.g. #!trace chart top), or --data VARIABLE --x COL --y COL for a DataFrame");
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
