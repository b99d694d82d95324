namespace QemuTrace.Analysis;

/// <summary>Settings of a boot analysis pass.</summary>
public sealed record BootAnalysisOptions
{
    /// <summary>Width of the time bins, ns (default 1 ms).</summary>
    public long BinNs { get; init; } = 1_000_000;

    /// <summary>Functions whose time is also binned (for activity charts).</summary>
    public IReadOnlyList<string> TrackedFunctions { get; init; } = [];

    /// <summary>Names syscall numbers on captures with register dumps (default: the x86-64 ABI table).</summary>
    public SyscallTable SyscallTable { get; init; } = SyscallTable.X64Abi;

    /// <summary>
    /// Also keep every function's bins (<see cref="BootAnalysis.FunctionBins"/>, within a memory budget), so that a
    /// function charted later needs no second pass; the notebook keeps them, a one-shot command does not.
    /// </summary>
    public bool KeepFunctionBins { get; init; }

    /// <summary>How the trace is read (threads, run size); the results are the same for every setting.</summary>
    public Passes.TraceReading Reading { get; init; } = Passes.TraceReading.Default;
}
