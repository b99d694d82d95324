using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using QemuTrace.Frames;
using QemuTrace.Interactive.Formatting;

namespace QemuTrace.Interactive.Commands;

/// <summary><c>#!trace profile [--top N] [--name profile]</c>: time per function and per region.</summary>
public sealed class ProfileCommand : TableDirectiveCommand
{
    internal static KernelActionDirective Directive() => new("profile", "Which kernel functions consume the most time: binds `profile` (function, total_ns, percent, blocks, entries) and `regions` DataFrames.")
    {
        Parameters =
        {
            new KernelDirectiveParameter("--top", "Rows shown (default 25); the variable holds every function."),
            new KernelDirectiveParameter("--name", "C# variable for the profile (default profile; regions then go to NAMERegions)."),
        },
    };

    internal static Task HandleAsync(ProfileCommand command, KernelInvocationContext context) => TraceCommandRunner.RunAsync(command, context, async () =>
    {
        var name = VariableBinder.Validate(command.Name, "profile");
        var analysis = await TraceAnalysisRunner.EnsureAsync(context);
        await FrameResult.ShowAndBindAsync(context, FrameResult.CompanionName(command.Name, name, "regions", "Regions"), analysis.RegionFrame());
        await FrameResult.ShowAndBindAsync(context, name, analysis.ProfileFrame(), command.TopRows);
    });
}
