using QemuTrace.Analysis;

namespace QemuTrace.Charts.Tests.Support;

/// <summary>One analysis of the real data/ boot (10 ms bins, two tracked functions), shared by the chart tests.</summary>
public sealed class RealBoot
{
    public static readonly string[] Tracked = ["_raw_spin_unlock_irqrestore", "text_poke_early"];

    public BootAnalysis Analysis { get; } = RepositoryData.AnalyzeBoot(new BootAnalysisOptions { BinNs = 10_000_000, TrackedFunctions = Tracked });
}

/// <summary>Shares <see cref="RealBoot"/> across test classes (the analysis takes a few seconds).</summary>
[CollectionDefinition(Name)]
public sealed class RealBootCollection : ICollectionFixture<RealBoot>
{
    public const string Name = "real boot";
}
