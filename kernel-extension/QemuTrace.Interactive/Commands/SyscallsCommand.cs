using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using QemuTrace.Frames;
using QemuTrace.Interactive.Formatting;

namespace QemuTrace.Interactive.Commands;

/// <summary><c>#!trace syscalls [--top N] [--name syscalls]</c>: userspace's system calls.</summary>
public sealed class SyscallsCommand : TableDirectiveCommand
{
    internal static KernelActionDirective Directive() => new("syscalls", "When userspace makes system calls, which ones, and for how long: binds `syscalls` (every call) and `syscallSummary` (per name); on a `record --mode syscalls` capture also `addressSpaces` (per CR3).")
    {
        Parameters =
        {
            new KernelDirectiveParameter("--top", "Calls shown (default 25); the variable holds them all."),
            new KernelDirectiveParameter("--name", "C# variable (default syscalls; totals then go to NAMESummary)."),
        },
    };

    internal static Task HandleAsync(SyscallsCommand command, KernelInvocationContext context) => TraceCommandRunner.RunAsync(command, context, async () =>
    {
        var name = VariableBinder.Validate(command.Name, "syscalls");
        var analysis = await TraceAnalysisRunner.EnsureAsync(context);
        await FrameResult.ShowAndBindAsync(context, FrameResult.CompanionName(command.Name, name, "syscallSummary", "Summary"), analysis.SyscallSummaryFrame(), 50);
        await FrameResult.ShowAndBindAsync(context, name, analysis.SyscallFrame(), command.TopRows);
        if (analysis.CpuStates > 0)
        {
            // A capture with register dumps (qtrace record --mode syscalls): also one row per address space (CR3).
            await FrameResult.ShowAndBindAsync(context, FrameResult.CompanionName(command.Name, name, "addressSpaces", "AddressSpaces"), analysis.AddressSpaceFrame(), 50);
        }
    });
}
