namespace QemuTrace.Analysis;

/// <summary>Settings of a boot analysis pass.</summary>
public sealed record BootAnalysisOptions
{
    /// <summary>Width of the time bins, ns (default 1 ms).</summary>
    public long BinNs { get; init; } = 1_000_000;

    /// <summary>Functions whose time is also binned (for activity charts).</summary>
    public IReadOnlyList<string> TrackedFunctions { get; init; } = [];

    /// <summary>Read and analyse on one thread (the default uses two when the machine has them).</summary>
    public bool SingleThreaded { get; init; }
}
