namespace QemuTrace.Analysis;

/// <summary>When a milestone came in two boots (null where a boot did not reach it).</summary>
/// <param name="Name">Milestone.</param>
/// <param name="BaselineNs">Time in boot A.</param>
/// <param name="OtherNs">Time in boot B.</param>
public sealed record MilestoneDelta(string Name, long? BaselineNs, long? OtherNs)
{
    /// <summary>B minus A, when both reached it.</summary>
    public long? DeltaNs => BaselineNs is long a && OtherNs is long b ? b - a : null;
}
