using QemuTrace.Analysis;
using QemuTrace.Export;
using QemuTrace.Formats;
using QemuTrace.Symbols;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.EndToEnd;

/// <summary>
/// The call sites of the data/syscalls capture. Its user space is Debian's busybox-static, which ships stripped: the
/// symbols come from a rebuild of the same source whose code lies exactly where the shipped binary's does
/// (data/syscalls/build-busybox-symbols.sh); gdb's names for them are in data/syscalls/gdb-call-sites.txt.
/// </summary>
public class CallSiteCaptureTests
{
    private static BootAnalysis Analyze(params SymbolFile[] user)
    {
        var symbolizer = new Symbolizer([RepositoryData.Vmlinux, .. user]);
        using var reader = TraceFile.Open(RepositoryData.PathOf("syscalls", "syscalls.log.gz"));
        return BootAnalyzer.Run(reader, new SymbolizerPcSource(symbolizer));
    }

    [Fact]
    public void The_kernel_symbols_alone_name_no_call_site_and_the_table_keeps_its_columns()
    {
        // The same analysis (kernel symbols only, default options) SyscallCaptureTests read: made once for both.
        var analysis = SyscallCaptureTests.WithKernelSymbols;

        Assert.All(analysis.Syscalls, s => Assert.Null(s.Registers!.CallSiteFunction));
        Assert.Equal("cr3", BootAnalysisTables.Syscalls(analysis).Columns[^1].Name);
    }

    [FactWhenBusyboxSymbols]
    public void With_busybox_symbols_every_call_site_is_named_as_gdb_names_it()
    {
        var expected = File.ReadLines(FactWhenBusyboxSymbolsAttribute.GdbNames)
            .Where(l => !l.StartsWith('#') && l.Length > 0)
            .Select(l => l.Split('\t'))
            .ToDictionary(f => Convert.ToUInt64(f[0], 16), f => f[1]);
        var analysis = Analyze(ElfSymbolReader.LoadAt(FactWhenBusyboxSymbolsAttribute.Symbols, 0x400000));

        Assert.All(analysis.Syscalls, s => Assert.NotNull(s.Registers!.CallSiteFunction));
        Assert.Equal(expected.Count, analysis.Syscalls.Select(s => s.Registers!.CallSite).Distinct().Count());
        Assert.All(analysis.Syscalls, s => Assert.Equal(expected[s.Registers!.CallSite], s.Registers.CallSiteFunction));
    }
}
