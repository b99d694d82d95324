namespace QemuTrace.Analysis;

/// <summary>Everything one pass over a trace computes.</summary>
public sealed class BootAnalysis
{
    /// <summary>The attribution model, as printed in the CLI's help and the docs.</summary>
    public const string AttributionModel =
        "Each exec_tb/exec_tb_nocache record owns the time from its timestamp to the next such record's; exec_tb_exit " +
        "and Dropped_Event records only move the clock; the final record owns nothing. exec_tb fires only when QEMU's " +
        "CPU loop enters translated code (after a translation, an interrupt, an exception, a syscall...), not for chained " +
        "blocks, so records are a sparse sample: an interval covers everything the guest ran from that PC until the loop " +
        "was entered again. Times are per loop entry, not per block.";

    /// <summary>Functions by total time, descending.</summary>
    public required IReadOnlyList<FunctionProfileRow> Profile { get; init; }

    /// <summary>Time per boot region.</summary>
    public required IReadOnlyList<RegionTotalRow> Regions { get; init; }

    /// <summary>Every function's first record, by time.</summary>
    public required IReadOnlyList<FirstCallRow> FirstCalls { get; init; }

    /// <summary>Milestones found, by time.</summary>
    public required IReadOnlyList<Milestone> Milestones { get; init; }

    /// <summary>Spans between consecutive milestones.</summary>
    public required IReadOnlyList<BootStage> Stages { get; init; }

    /// <summary>Every system call, by time.</summary>
    public required IReadOnlyList<SyscallRow> Syscalls { get; init; }

    /// <summary>Per-syscall totals.</summary>
    public required IReadOnlyList<SyscallSummaryRow> SyscallSummary { get; init; }

    /// <summary>Time bins per region and tracked function.</summary>
    public required TimeBins Bins { get; init; }

    /// <summary>
    /// Every function's bins, when the analysis kept them (<see cref="BootAnalysisOptions.KeepFunctionBins"/>) and they
    /// fit the budget; else null.
    /// </summary>
    public FunctionTimeBins? FunctionBins { get; init; }

    /// <summary>All records read.</summary>
    public long Records { get; init; }

    /// <summary>exec_tb/exec_tb_nocache records.</summary>
    public long BlockRecords { get; init; }

    /// <summary>
    /// Guest instructions of all block records, when the trace carries instruction counts (a qtrace-blocks capture,
    /// where every executed block is a record); null for exec_tb traces.
    /// </summary>
    public long? Instructions { get; init; }

    /// <summary>Distinct PCs seen.</summary>
    public int DistinctPcs { get; init; }

    /// <summary>Sum of all attributed intervals, ns.</summary>
    public long AttributedNs { get; init; }

    /// <summary>From the first to the last record, ns.</summary>
    public long DurationNs { get; init; }

    /// <summary>Where QEMU lost events, one gap per <c>Dropped_Event</c> record (see <see cref="DroppedEventLocator"/>).</summary>
    public IReadOnlyList<DroppedEventGap> DroppedEventGaps { get; init; } = [];

    /// <summary>Intervals that contain a <see cref="DroppedEventGaps"/> gap (their time includes lost records).</summary>
    public long IntervalsSpanningDrops { get; init; }

    /// <summary>Time in those intervals.</summary>
    public long NsSpanningDrops { get; init; }

    /// <summary>Intervals whose next record is earlier (out-of-order timestamps); counted as 0 ns.</summary>
    public long NegativeIntervals { get; init; }

    /// <summary><c>-d cpu</c> register dumps read (0 on a plain exec_tb trace).</summary>
    public long CpuStates { get; init; }

    /// <summary>Register dumps that followed no syscall entry record (another <c>-dfilter</c> address, or none).</summary>
    public long CpuStatesOutsideEntries { get; init; }

    /// <summary>
    /// Syscall entry records that repeat the entry just before them: QEMU entered the entry block, was asked to exit
    /// before running it (<c>exec_tb_exit</c> flags 0x3), and entered it again. Counted once, as one syscall.
    /// </summary>
    public long SyscallReentries { get; init; }

    /// <summary>Where syscall numbers were named from, when register dumps named any.</summary>
    public string? SyscallNameSource { get; init; }
}
