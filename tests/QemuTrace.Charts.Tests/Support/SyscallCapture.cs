using QemuTrace.Analysis;
using QemuTrace.Formats;
using QemuTrace.Symbols;

namespace QemuTrace.Charts.Tests.Support;

/// <summary>One analysis of the real data/syscalls capture (log backend, a register dump at every syscall entry), shared by the chart tests.</summary>
public sealed class SyscallCapture
{
    public BootAnalysis Analysis { get; } = Analyze();

    private static BootAnalysis Analyze()
    {
        var symbolizer = new Symbolizer([RepositoryData.Vmlinux]);
        using var reader = TraceFile.Open(RepositoryData.PathOf("syscalls", "syscalls.log.gz"));
        return BootAnalyzer.Run(reader, new SymbolizerPcSource(symbolizer));
    }
}

/// <summary>Shares <see cref="SyscallCapture"/> across test classes.</summary>
[CollectionDefinition(Name)]
public sealed class SyscallCaptureCollection : ICollectionFixture<SyscallCapture>
{
    public const string Name = "syscall capture";
}
