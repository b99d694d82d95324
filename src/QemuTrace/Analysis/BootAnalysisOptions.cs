namespace QemuTrace.Analysis;

/// <summary>Settings of a boot analysis pass.</summary>
public sealed record BootAnalysisOptions
{
    /// <summary>Width of the time bins, ns (default 1 ms).</summary>
    public long BinNs { get; init; } = 1_000_000;

    /// <summary>Functions whose time is also binned (for activity charts).</summary>
    public IReadOnlyList<string> TrackedFunctions { get; init; } = [];

    /// <summary>
    /// Read on a second thread while the analysis runs on the caller's. Off by default: on the 2-core benchmark machine
    /// it was no faster (3.5-3.8 s against 2.7-3.7 s for 100 M records, docs/benchmarks.md), the analysis being the
    /// bottleneck; it may help where parsing dominates (compressed or text inputs).
    /// </summary>
    public bool ReadOnSecondThread { get; init; }
}
