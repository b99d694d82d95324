using QemuTrace.Analysis;
using QemuTrace.Formats;
using QemuTrace.Symbols;

namespace QemuTrace.Testing;

/// <summary>Finds the repository (the folder holding Notebooks.sln) and its data/ from the test binaries; linked into every test project.</summary>
public static class RepositoryData
{
    private static readonly Lazy<BootAnalysis> SharedBoot = new(() => AnalyzeBoot());
    private static readonly Lazy<SymbolFile> SharedVmlinux = new(() => ElfSymbolReader.Load(PathOf("boot", "vmlinux-symbols.gz")));

    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The real data/ boot analysed once per test run with the default options, for every test that only reads it
    /// (<see cref="BootAnalysis"/> is immutable): one pass over the boot instead of one per test class.
    /// </summary>
    public static BootAnalysis Boot => SharedBoot.Value;

    /// <summary>
    /// data/boot/vmlinux-symbols.gz loaded once per test run (<see cref="SymbolFile"/> is immutable), for the tests whose
    /// input it is rather than their subject: each load parses the whole ELF symbol table again.
    /// </summary>
    public static SymbolFile Vmlinux => SharedVmlinux.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, "data", .. parts]);

    /// <summary>Analyses the real data/ boot (simple backend trace, vmlinux symbols) straight through the core.</summary>
    public static BootAnalysis AnalyzeBoot(BootAnalysisOptions? options = null)
    {
        var symbolizer = new Symbolizer([Vmlinux]);
        using var reader = TraceFile.Open(PathOf("boot", "trace-simple-v4.bin.gz"), TraceEventsFile.Load(PathOf("boot", "trace-events-all")));
        return BootAnalyzer.Run(reader, new SymbolizerPcSource(symbolizer), options);
    }

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
