using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using QemuTrace.Frames;
using QemuTrace.Interactive.Formatting;

namespace QemuTrace.Interactive.Commands;

/// <summary><c>#!trace first-calls [--top N] [--name firstCalls]</c>: when each function first runs.</summary>
public sealed class FirstCallsCommand : TableDirectiveCommand
{
    internal static KernelActionDirective Directive() => new("first-calls", "When each function is first called (boot order): binds `firstCalls` (time_ns, function, pc).")
    {
        Parameters =
        {
            new KernelDirectiveParameter("--top", "Rows shown (default 25); the variable holds every function."),
            new KernelDirectiveParameter("--name", "C# variable (default firstCalls)."),
        },
    };

    internal static Task HandleAsync(FirstCallsCommand command, KernelInvocationContext context) => TraceCommandRunner.RunAsync(command, context, async () =>
    {
        var name = VariableBinder.Validate(command.Name, "firstCalls");
        var analysis = await TraceAnalysisRunner.EnsureAsync(context);
        await FrameResult.ShowAndBindAsync(context, name, analysis.FirstCallFrame(), command.TopRows);
    });
}
