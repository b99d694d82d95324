using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using QemuTrace.Charts.Isolation;
using QemuTrace.Export;
using QemuTrace.Frames;
using QemuTrace.Interactive.Charts;

namespace QemuTrace.Interactive.Commands;

/// <summary>
/// <c>#!trace chart --data VARIABLE --x COL --y COL [--y COL]... [--kind line|bar|area] [--title T]</c>: reads the
/// DataFrame (or ResultTable) a C# cell left in VARIABLE and draws it with <see cref="TraceCharts.FromDataFrame(DataFrame, string, IReadOnlyList{string}, string, string?)"/>.
/// The standard charts' options mean nothing here, and these options nothing there: mixing them is an error saying so.
/// </summary>
internal static class DataChartRequest
{
    /// <summary>The data-chart options given on <paramref name="command"/> (--x, --y, --title), as one text; null when none.</summary>
    public static string? OnlyForData(ChartCommand command)
    {
        var given = new List<string>();
        if (command.X is not null)
        {
            given.Add("--x");
        }

        if (command.Y is { ValueKind: not (System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Undefined) } || RepeatedOption.Values(command, command.Y, "chart", "--y").Count > 0)
        {
            given.Add("--y");
        }

        if (command.Title is not null)
        {
            given.Add("--title");
        }

        return given.Count == 0 ? null : string.Join(", ", given);
    }

    /// <summary>The chart of the variable named by <c>--data</c>; a <see cref="TraceCommandException"/> with one line for every mistake.</summary>
    public static async Task<TraceChart> RenderAsync(ChartCommand command, KernelInvocationContext context)
    {
        if (command.Data is null)
        {
            var given = OnlyForData(command)!;
            throw new TraceCommandException($"{given} {(given.Contains(',', StringComparison.Ordinal) ? "are" : "is")} for charting a DataFrame: add --data VARIABLE (e.g. #!trace chart --data perBin --x bin_start_ns --y irq_ns), or leave {(given.Contains(',', StringComparison.Ordinal) ? "them" : "it")} out for a standard chart");
        }

        var standard = new List<string>();
        if (command.Top is not null)
        {
            standard.Add("--top");
        }

        if (command.Function is not null)
        {
            standard.Add("--function");
        }

        if (command.NoPseudoFunctions)
        {
            standard.Add("--no-pseudo-functions");
        }

        if (standard.Count > 0)
        {
            throw new TraceCommandException($"{string.Join(", ", standard)} {(standard.Count == 1 ? "is" : "are")} for the standard charts and do{(standard.Count == 1 ? "es" : "")} not apply with --data: a DataFrame chart takes --x, --y, --kind line|bar|area and --title");
        }

        var kind = command.Kind ?? DataChartKinds.Line;
        if (!DataChartKinds.All.Contains(kind))
        {
            throw new TraceCommandException(TraceChartRenderer.Kinds.Contains(kind) || kind.StartsWith("function:", StringComparison.Ordinal)
                ? $"`{kind}` is a standard chart of the trace, not a way to draw --data: with --data, --kind is {string.Join(", ", DataChartKinds.All)}"
                : $"unknown --kind `{kind}` for --data: expected {string.Join(", ", DataChartKinds.All)}");
        }

        var frame = Frame(context, command.Data.Trim());
        var ys = RepeatedOption.Values(command, command.Y, "chart", "--y", command.Data.Trim(), command.X);
        if (command.X is null || ys.Count == 0)
        {
            throw new TraceCommandException($"#!trace chart --data {command.Data.Trim()} needs --x COLUMN and at least one --y COLUMN; its columns: {string.Join(", ", frame.Columns.Select(c => c.Name))}");
        }

        try
        {
            return await Task.Run(() => TraceCharts.FromDataFrame(frame, command.X, ys, kind, command.Title), context.CancellationToken);
        }
        catch (ArgumentException e)
        {
            throw new TraceCommandException($"--data {command.Data.Trim()}: {e.Message}");
        }
    }

    private static DataFrame Frame(KernelInvocationContext context, string variable)
    {
        if (context.HandlingKernel.RootKernel.FindKernelByName("csharp") is not CSharpKernel csharp)
        {
            throw new TraceCommandException("--data names a C# variable, and this notebook has no C# kernel");
        }

        if (!csharp.TryGetValue<object>(variable, out var value))
        {
            var frames = csharp.ScriptState?.Variables
                .Where(v => v.Value is DataFrame or ResultTable).Select(v => v.Name).Distinct().ToList() ?? [];
            throw new TraceCommandException(
                $"--data `{variable}`: no such C# variable; run the cell that makes it first ({(frames.Count == 0 ? "no DataFrame variables yet" : "DataFrame variables: " + string.Join(", ", frames))})");
        }

        return value switch
        {
            DataFrame frame => frame,
            ResultTable table => table.ToDataFrame(),
            null => throw new TraceCommandException($"--data `{variable}` is null, not a DataFrame"),
            _ when value.GetType().FullName == typeof(DataFrame).FullName => throw new TraceCommandException(
                $"--data `{variable}` is a DataFrame from another Microsoft.Data.Analysis ({value.GetType().Assembly.GetName().Version}) than #!trace's ({typeof(DataFrame).Assembly.GetName().Version}): reference the same version"),
            _ => throw new TraceCommandException($"--data `{variable}` is a {value.GetType().Name}, not a DataFrame: chart a Microsoft.Data.Analysis DataFrame (or a ResultTable)"),
        };
    }
}
