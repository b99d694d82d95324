using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using QemuTrace.Frames;
using QemuTrace.Interactive.Formatting;

namespace QemuTrace.Interactive.Commands;

/// <summary><c>#!trace first-calls [--top N] [--name firstCalls]</c>: when each function first runs.</summary>
public sealed class FirstCallsCommand : KernelDirectiveCommand
{
    /// <summary>Show the directive\'s help.</summary>
    public bool Help { get; set; }

    /// <summary>Rows shown.</summary>
    public int Top { get; set; } = 25;

    /// <summary>The C# variable.</summary>
    public string? Name { get; set; }

    internal static KernelActionDirective Directive() => new("first-calls", "When each function is first called (boot order): binds `firstCalls` (time_ns, function, pc).")
    {
        Parameters =
        {
            new KernelDirectiveParameter("--top", "Rows shown (default 25); the variable holds every function.") { TypeHint = "number" },
            new KernelDirectiveParameter("--name", "C# variable (default firstCalls)."),
        },
    };

    internal static Task HandleAsync(FirstCallsCommand command, KernelInvocationContext context) => TraceCommandRunner.RunAsync(command, context, async () =>
    {
        var name = VariableBinder.Validate(command.Name, "firstCalls");
        var analysis = await TraceAnalysisRunner.EnsureAsync(context);
        var frame = analysis.FirstCallFrame();
        context.DisplayAs(DataFrameHtml.Render(frame, command.Top), "text/html");
        await VariableBinder.BindAsync(context, name, frame);
    });
}
