using QemuTrace.Analysis;
using QemuTrace.Formats;
using QemuTrace.Symbols;

namespace QemuTrace.Charts.Tests.Support;

/// <summary>One analysis of the real data/ boot (10 ms bins, two tracked functions), shared by the chart tests.</summary>
public sealed class RealBoot
{
    public static readonly string[] Tracked = ["_raw_spin_unlock_irqrestore", "text_poke_early"];

    public RealBoot()
    {
        var symbolizer = new Symbolizer([ElfSymbolReader.Load(PathOf("boot", "vmlinux-symbols.gz"))]);
        using var reader = TraceFile.Open(PathOf("boot", "trace-simple-v4.bin.gz"), TraceEventsFile.Load(PathOf("boot", "trace-events-all")));
        Analysis = BootAnalyzer.Run(reader, new SymbolizerPcSource(symbolizer), new BootAnalysisOptions { BinNs = 10_000_000, TrackedFunctions = Tracked });
    }

    public BootAnalysis Analysis { get; }

    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, "data", .. parts]);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Notebooks.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Notebooks.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Shares <see cref="RealBoot"/> across test classes (the analysis takes a few seconds).</summary>
[CollectionDefinition(Name)]
public sealed class RealBootCollection : ICollectionFixture<RealBoot>
{
    public const string Name = "real boot";
}
