using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using QemuTrace.Frames;
using QemuTrace.Interactive.Formatting;

namespace QemuTrace.Interactive.Commands;

/// <summary><c>#!trace time-bins [--bin 10ms] [--function NAME]... [--name timeBins]</c>: time per region (and function) per bin.</summary>
public sealed class TimeBinsCommand : TableDirectiveCommand
{
    /// <summary>Bin width (ns or with a unit).</summary>
    public string? Bin { get; set; }

    /// <summary>Functions whose time is binned too.</summary>
    public System.Text.Json.JsonElement? Function { get; set; }

    internal static KernelActionDirective Directive() => new("time-bins", "Time per boot region (and per --function) in time bins: binds `timeBins` (bin_start_ns, one ns column per region/function).")
    {
        Parameters =
        {
            new KernelDirectiveParameter("--bin", "Bin width: ns, or 500us, 10ms, 0.1s (default 10ms; at least 0.1ms)."),
            new KernelDirectiveParameter("--function", "Also bin this function's time. Repeatable.") { MaxOccurrences = 32 },
            new KernelDirectiveParameter("--top", "Bins shown (default 25); the variable holds them all."),
            new KernelDirectiveParameter("--name", "C# variable (default timeBins)."),
        },
    };

    internal static Task HandleAsync(TimeBinsCommand command, KernelInvocationContext context) => TraceCommandRunner.RunAsync(command, context, async () =>
    {
        var name = VariableBinder.Validate(command.Name, "timeBins");
        var bin = TimeArgument.Parse(command.Bin, "--bin");
        var analysis = await TraceAnalysisRunner.EnsureAsync(context, bin, RepeatedOption.Values(command, command.Function, "time-bins", "--function"));
        await FrameResult.ShowAndBindAsync(context, name, analysis.TimeBinFrame(), command.TopRows);
    });
}
