using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using QemuTrace.Frames;
using QemuTrace.Interactive.Formatting;

namespace QemuTrace.Interactive.Commands;

/// <summary><c>#!trace syscalls [--top N] [--name syscalls]</c>: userspace's system calls.</summary>
public sealed class SyscallsCommand : KernelDirectiveCommand
{
    /// <summary>Show the directive\'s help.</summary>
    public bool Help { get; set; }

    /// <summary>Rows shown of the per-call table.</summary>
    public int Top { get; set; } = 25;

    /// <summary>The C# variable for every call; the per-name totals go to `syscallSummary` (or NAMESummary).</summary>
    public string? Name { get; set; }

    internal static KernelActionDirective Directive() => new("syscalls", "When userspace makes system calls, which ones, and for how long: binds `syscalls` (every call) and `syscallSummary` (per name).")
    {
        Parameters =
        {
            new KernelDirectiveParameter("--top", "Calls shown (default 25); the variable holds them all.") { TypeHint = "number" },
            new KernelDirectiveParameter("--name", "C# variable (default syscalls; totals then go to NAMESummary)."),
        },
    };

    internal static Task HandleAsync(SyscallsCommand command, KernelInvocationContext context) => TraceCommandRunner.RunAsync(command, context, async () =>
    {
        var name = VariableBinder.Validate(command.Name, "syscalls");
        var summaryName = command.Name is null ? "syscallSummary" : name + "Summary";
        var analysis = await TraceAnalysisRunner.EnsureAsync(context);
        var calls = analysis.SyscallFrame();
        var summary = analysis.SyscallSummaryFrame();
        context.DisplayAs(DataFrameHtml.Render(summary, 50), "text/html");
        context.DisplayAs(DataFrameHtml.Render(calls, command.Top), "text/html");
        await VariableBinder.BindAsync(context, name, calls);
        await VariableBinder.BindAsync(context, summaryName, summary);
    });
}
