using QemuTrace.Analysis.Passes;
using QemuTrace.Formats;

namespace QemuTrace.Analysis;

/// <summary>
/// The boot analysis: the built-in passes (profile, first calls, milestones, syscalls, time bins), and any extra ones,
/// in one streaming pass over the trace (<see cref="TraceBlockStream"/>). Work per record is one hash probe and a slot
/// in a batch; symbolization happens once per distinct PC, and memory grows with distinct PCs, functions and syscalls,
/// not with the trace's length. See <see cref="BootAnalysis.AttributionModel"/>.
/// </summary>
public static class BootAnalyzer
{
    /// <summary>The milestone of the kernel's physical entry (startup_64 at the physical load address).</summary>
    public const string KernelEntryMilestone = BootMilestoneRules.KernelEntry;

    /// <summary>Reads every record of <paramref name="reader"/> and returns the analysis.</summary>
    public static BootAnalysis Run(ITraceReader reader, IPcSymbolizer symbols, BootAnalysisOptions? options = null, Action<long, long>? progress = null, CancellationToken cancel = default) =>
        Run(reader, symbols, options, [], progress, cancel);

    /// <summary>
    /// Reads every record of <paramref name="reader"/> through the built-in passes and <paramref name="extraPasses"/>
    /// (after the built-in ones, in order) and returns the analysis; the extra passes hold their own results.
    /// </summary>
    public static BootAnalysis Run(ITraceReader reader, IPcSymbolizer symbols, BootAnalysisOptions? options, IReadOnlyList<ITracePass> extraPasses,
        Action<long, long>? progress = null, CancellationToken cancel = default)
    {
        options ??= new BootAnalysisOptions();
        var profile = new ProfilePass();
        var firstCalls = new FirstCallsPass();
        var milestones = new MilestonePass();
        var syscalls = new SyscallPass();
        var bins = new TimeBinPass();
        var functionBins = options.KeepFunctionBins ? new FunctionBinPass() : null;
        ITracePass[] builtIn = functionBins is null ? [profile, firstCalls, milestones, syscalls, bins] : [profile, firstCalls, milestones, syscalls, bins, functionBins];
        var stream = new TraceBlockStream(reader.Events, symbols, options, [.. builtIn, .. extraPasses]);
        var end = stream.Run(reader, progress, cancel);
        return new BootAnalysis
        {
            Profile = profile.Profile,
            Regions = profile.Regions,
            FirstCalls = firstCalls.FirstCalls,
            Milestones = milestones.Milestones,
            Stages = milestones.Stages,
            Syscalls = syscalls.Syscalls,
            SyscallSummary = syscalls.Summary,
            Bins = bins.Bins,
            FunctionBins = functionBins?.Bins,
            Records = end.Records,
            BlockRecords = end.Blocks,
            Instructions = end.Instructions,
            DistinctPcs = end.DistinctSlots,
            AttributedNs = end.AttributedNs,
            DurationNs = end.DurationNs,
            IntervalsSpanningDrops = stream.IntervalsSpanningDrops,
            NsSpanningDrops = stream.NsSpanningDrops,
            NegativeIntervals = stream.NegativeIntervals,
            DroppedEventGaps = stream.DroppedEventGaps.ToList(),
            CpuStates = syscalls.CpuStates,
            CpuStatesOutsideEntries = syscalls.CpuStatesOutsideEntries,
            SyscallReentries = syscalls.Reentries,
            SyscallNameSource = syscalls.NameSource,
        };
    }
}
