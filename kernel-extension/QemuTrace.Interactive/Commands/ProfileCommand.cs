using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using QemuTrace.Frames;
using QemuTrace.Interactive.Formatting;

namespace QemuTrace.Interactive.Commands;

/// <summary><c>#!trace profile [--top N] [--name profile]</c>: time per function and per region.</summary>
public sealed class ProfileCommand : KernelDirectiveCommand
{
    /// <summary>Show the directive\'s help.</summary>
    public bool Help { get; set; }

    /// <summary>Rows shown (the variable holds every function).</summary>
    public int Top { get; set; } = 25;

    /// <summary>The C# variable for the profile DataFrame; the regions go to `regions` (or NAMERegions).</summary>
    public string? Name { get; set; }

    internal static KernelActionDirective Directive() => new("profile", "Which kernel functions consume the most time: binds `profile` (function, total_ns, percent, blocks, entries) and `regions` DataFrames.")
    {
        Parameters =
        {
            new KernelDirectiveParameter("--top", "Rows shown (default 25); the variable holds every function.") { TypeHint = "number" },
            new KernelDirectiveParameter("--name", "C# variable for the profile (default profile; regions then go to NAMERegions)."),
        },
    };

    internal static Task HandleAsync(ProfileCommand command, KernelInvocationContext context) => TraceCommandRunner.RunAsync(command, context, async () =>
    {
        var name = VariableBinder.Validate(command.Name, "profile");
        var regionsName = command.Name is null ? "regions" : name + "Regions";
        var analysis = await TraceAnalysisRunner.EnsureAsync(context);
        var profile = analysis.ProfileFrame();
        var regions = analysis.RegionFrame();
        context.DisplayAs(DataFrameHtml.Render(regions), "text/html");
        context.DisplayAs(DataFrameHtml.Render(profile, command.Top), "text/html");
        await VariableBinder.BindAsync(context, name, profile);
        await VariableBinder.BindAsync(context, regionsName, regions);
    });
}
