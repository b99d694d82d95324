namespace QemuTrace.Analysis;

/// <summary>The span between two consecutive milestones, for a Gantt chart.</summary>
/// <param name="Name">From which milestone to which, e.g. <c>start_kernel → first userspace</c>.</param>
/// <param name="StartNs">Start, since the trace's first record.</param>
/// <param name="EndNs">End.</param>
public sealed record BootStage(string Name, long StartNs, long EndNs)
{
    /// <summary>EndNs - StartNs.</summary>
    public long DurationNs => EndNs - StartNs;
}
