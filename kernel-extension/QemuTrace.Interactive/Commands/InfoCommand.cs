using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;

namespace QemuTrace.Interactive.Commands;

/// <summary><c>#!trace info</c>: what is loaded (the session summary) and the variables bound.</summary>
public sealed class InfoCommand : TraceDirectiveCommand
{
    internal static KernelActionDirective Directive() => new("info", "What is loaded: trace, format, records, duration, events, dropped and out-of-order records, symbols, KASLR offset.");

    internal static Task HandleAsync(InfoCommand command, KernelInvocationContext context) => TraceCommandRunner.RunAsync(command, context, () =>
    {
        var notebook = TraceNotebook.For(context.HandlingKernel);
        var session = notebook.RequireSession();
        context.Display(session.Summary, "text/html");
        context.DisplayAs($"session variable: {notebook.SessionVariable}; analysis: {(session.Analysis is null ? "not run yet (profile, first-calls, milestones, syscalls, timeline or chart run it)" : "done, in `analysis`")}", "text/plain");
        return Task.CompletedTask;
    });
}
