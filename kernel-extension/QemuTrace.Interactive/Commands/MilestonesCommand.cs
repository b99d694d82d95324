using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using QemuTrace.Frames;
using QemuTrace.Interactive.Formatting;

namespace QemuTrace.Interactive.Commands;

/// <summary><c>#!trace milestones [--name milestones]</c>: boot milestones and the stages between them.</summary>
public sealed class MilestonesCommand : KernelDirectiveCommand
{
    /// <summary>Show the directive\'s help.</summary>
    public bool Help { get; set; }

    /// <summary>The C# variable for the milestones; stages go to `stages` (or NAMEStages).</summary>
    public string? Name { get; set; }

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
        var stagesName = command.Name is null ? "stages" : name + "Stages";
        var analysis = await TraceAnalysisRunner.EnsureAsync(context);
        var milestones = analysis.MilestoneFrame();
        var stages = analysis.StageFrame();
        context.DisplayAs(DataFrameHtml.Render(milestones, 100), "text/html");
        context.DisplayAs(DataFrameHtml.Render(stages, 100), "text/html");
        await VariableBinder.BindAsync(context, name, milestones);
        await VariableBinder.BindAsync(context, stagesName, stages);
    });
}
