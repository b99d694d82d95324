using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using QemuTrace.Frames;
using QemuTrace.Interactive.Formatting;

namespace QemuTrace.Interactive.Commands;

/// <summary><c>#!trace milestones [--name milestones]</c>: boot milestones and the stages between them.</summary>
public sealed class MilestonesCommand : TraceDirectiveCommand
{
    internal static KernelActionDirective Directive() => new("milestones", "Boot milestones (reset vector, BIOS, kernel entry, start_kernel, init, first syscall, power-off) and the stages between them: binds `milestones` and `stages`.")
    {
        Parameters =
        {
            new KernelDirectiveParameter("--name", "C# variable (default milestones; stages then go to NAMEStages)."),
        },
    };

    internal static Task HandleAsync(MilestonesCommand command, KernelInvocationContext context) => TraceCommandRunner.RunAsync(command, context, async () =>
    {
        var name = VariableBinder.Validate(command.Name, "milestones");
        var analysis = await TraceAnalysisRunner.EnsureAsync(context);
        await FrameResult.ShowAndBindAsync(context, name, analysis.MilestoneFrame(), 100);
        await FrameResult.ShowAndBindAsync(context, FrameResult.CompanionName(command.Name, name, "stages", "Stages"), analysis.StageFrame(), 100);
    });
}
