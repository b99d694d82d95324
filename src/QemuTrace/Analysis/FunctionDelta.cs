namespace QemuTrace.Analysis;

/// <summary>A function's time in two boots.</summary>
/// <param name="Function">Symbol or pseudo-function.</param>
/// <param name="BaselineNs">Time in boot A (0 if absent).</param>
/// <param name="OtherNs">Time in boot B (0 if absent).</param>
/// <param name="BaselineBlocks">exec_tb records in A.</param>
/// <param name="OtherBlocks">exec_tb records in B.</param>
public sealed record FunctionDelta(string Function, long BaselineNs, long OtherNs, long BaselineBlocks, long OtherBlocks)
{
    /// <summary>B minus A.</summary>
    public long DeltaNs => OtherNs - BaselineNs;
}
