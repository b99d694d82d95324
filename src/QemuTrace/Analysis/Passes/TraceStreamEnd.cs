namespace QemuTrace.Analysis.Passes;

/// <summary>The totals of a finished stream, handed to every pass's <see cref="ITracePass.Finish"/>.</summary>
/// <param name="Records">Records read, blocks or not.</param>
/// <param name="Blocks">Block records.</param>
/// <param name="DurationNs">Time of the latest record since the first one (0 for an empty trace).</param>
/// <param name="AttributedNs">Time owned by blocks: the sum of every <see cref="TraceBlock.PreviousDurationNs"/>.</param>
/// <param name="DistinctSlots">Distinct block PCs (<see cref="TraceBlock.Slot"/> values).</param>
/// <param name="Started">True when the trace had at least one record.</param>
/// <param name="Instructions">Guest instructions of all blocks, or null when the trace does not count them (exec_tb).</param>
public sealed record TraceStreamEnd(long Records, long Blocks, long DurationNs, long AttributedNs, int DistinctSlots, bool Started, long? Instructions);
