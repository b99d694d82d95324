using QemuTrace.Analysis;
using QemuTrace.Export;
using QemuTrace.Formats;
using QemuTrace.Symbols;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Export;

/// <summary>The real data/ boot exported once as Parquet (with its shared analysis) for the tests that read it back.</summary>
public sealed class RealBootParquet : IDisposable
{
    private readonly TempFiles _files = new();

    public RealBootParquet()
    {
        Directory = _files.PathOf("boot-parquet");
        var symbols = new SymbolizerPcSource(new Symbolizer([RepositoryData.Vmlinux]));
        var trace = RepositoryData.PathOf("boot", "trace-simple-v4.bin.gz");
        using var reader = TraceFile.Open(trace, TraceEventsFile.Load(RepositoryData.PathOf("boot", "trace-events-all")));
        var provenance = Provenance.Of([trace], "test export");
        ParquetExport.WriteAsync(Directory, Analysis, new SymbolizedRecordReader(reader, symbols), provenance).GetAwaiter().GetResult();
    }

    public BootAnalysis Analysis => RepositoryData.Boot;

    /// <summary>The folder of .parquet tables; tests only read it.</summary>
    public string Directory { get; }

    public void Dispose() => _files.Dispose();
}
