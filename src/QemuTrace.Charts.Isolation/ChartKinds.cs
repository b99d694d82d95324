namespace QemuTrace.Charts.Isolation;

/// <summary>The names of the standard charts, as the CLI's <c>--kind</c> and the facade's <c>chartKind</c> spell them.</summary>
public static class ChartKinds
{
    /// <summary>Top functions by attributed time (horizontal bar).</summary>
    public const string TopFunctions = "top";

    /// <summary>Boot stages between milestones (Gantt) with the milestones marked.</summary>
    public const string BootTimeline = "timeline";

    /// <summary>Each function's first call over time (scatter, coloured by region).</summary>
    public const string FirstCalls = "first-calls";

    /// <summary>Every system call as a bar from entry to return, coloured by syscall.</summary>
    public const string Syscalls = "syscalls";

    /// <summary>The syscalls per address space (CR3): a row per process life, execve, clone and exit_group marked; needs a <c>record --mode syscalls</c> capture.</summary>
    public const string AddressSpaces = "address-spaces";

    /// <summary>Time per boot region in each time bin (stacked area).</summary>
    public const string Regions = "regions";

    /// <summary>Time of chosen functions in each time bin (lines); needs the functions tracked by the analysis.</summary>
    public const string FunctionActivity = "function";

    /// <summary>All kinds, in the order a report shows them.</summary>
    public static IReadOnlyList<string> All { get; } = [BootTimeline, TopFunctions, Regions, FirstCalls, Syscalls, AddressSpaces, FunctionActivity];

    /// <summary>Throws an <see cref="ArgumentException"/> naming the valid kinds unless <paramref name="kind"/> is one.</summary>
    public static string Check(string kind) =>
        All.Contains(kind) ? kind : throw new ArgumentException($"unknown chart kind `{kind}`: expected one of {string.Join(", ", All)}", nameof(kind));
}
