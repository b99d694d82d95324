using Microsoft.DotNet.Interactive.Commands;

namespace QemuTrace.Interactive.Commands;

/// <summary>What every <c>#!trace</c> subcommand accepts: <c>--help</c>, and (for those that bind one) <c>--name</c> for the C# variable.</summary>
public abstract class TraceDirectiveCommand : KernelDirectiveCommand
{
    /// <summary>Show the subcommand's help.</summary>
    public bool Help { get; set; }

    /// <summary>The C# variable to bind (each subcommand has its default).</summary>
    public string? Name { get; set; }
}
