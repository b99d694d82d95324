using Microsoft.Data.Analysis;
using QemuTrace.Analysis;
using QemuTrace.Export;

namespace QemuTrace.Frames;

/// <summary>Every result of a <see cref="BootAnalysis"/> as a DataFrame (raw units: ns, 0x addresses as ulong).</summary>
public static class BootAnalysisFrames
{
    /// <summary>function, total_ns, percent, blocks, entries.</summary>
    public static DataFrame ProfileFrame(this BootAnalysis analysis, int? top = null) => BootAnalysisTables.Profile(analysis, top).ToDataFrame();

    /// <summary>region, total_ns, percent, blocks.</summary>
    public static DataFrame RegionFrame(this BootAnalysis analysis) => BootAnalysisTables.Regions(analysis).ToDataFrame();

    /// <summary>time_ns, function, pc.</summary>
    public static DataFrame FirstCallFrame(this BootAnalysis analysis) => BootAnalysisTables.FirstCalls(analysis).ToDataFrame();

    /// <summary>time_ns, milestone, pc.</summary>
    public static DataFrame MilestoneFrame(this BootAnalysis analysis) => BootAnalysisTables.Milestones(analysis).ToDataFrame();

    /// <summary>stage, start_ns, duration_ns.</summary>
    public static DataFrame StageFrame(this BootAnalysis analysis) => BootAnalysisTables.Stages(analysis).ToDataFrame();

    /// <summary>time_ns, syscall, duration_ns, named_by, user_pc; on captures with register dumps also number, arg0..arg5, call_site, cr3.</summary>
    public static DataFrame SyscallFrame(this BootAnalysis analysis) => BootAnalysisTables.Syscalls(analysis).ToDataFrame();

    /// <summary>syscall, count, handler, inferred, total_ns, max_ns.</summary>
    public static DataFrame SyscallSummaryFrame(this BootAnalysis analysis) => BootAnalysisTables.SyscallSummary(analysis).ToDataFrame();

    /// <summary>Syscalls per address space (CR3), one row each (captures with register dumps).</summary>
    public static DataFrame AddressSpaceFrame(this BootAnalysis analysis) => BootAnalysisTables.AddressSpaceTable(analysis).ToDataFrame();

    /// <summary>bin_start_ns then one ns column per region (firmware_ns, kernel_ns...) and per tracked function (NAME_ns), as in TSV.</summary>
    public static DataFrame TimeBinFrame(this BootAnalysis analysis) => BootAnalysisTables.TimeBins(analysis).ToDataFrame();
}
