using QemuTrace.Analysis;
using QemuTrace.Formats;
using QemuTrace.Symbols;

namespace QemuTrace.Tests.Hostile;

/// <summary>Issue 12 item 5: warn when the symbols do not fit the trace.</summary>
public class SymbolFitTests
{
    [Fact]
    public void The_real_boot_with_its_own_vmlinux_gives_no_warning()
    {
        Assert.Null(SymbolFit.Warning(RepositoryData.Boot));
    }

    [Fact]
    public void The_real_boot_with_symbols_of_a_kernel_placed_elsewhere_is_warned_about()
    {
        var shifted = new Symbolizer([ElfSymbolReader.Load(RepositoryData.PathOf("boot", "vmlinux-symbols.gz"), 0x1000_0000)]);
        using var reader = TraceFile.Open(RepositoryData.PathOf("boot", "trace-simple-v4.bin.gz"), TraceEventsFile.Load(RepositoryData.PathOf("boot", "trace-events-all")));

        var warning = SymbolFit.Warning(BootAnalyzer.Run(reader, new SymbolizerPcSource(shifted)));

        Assert.NotNull(warning);
        Assert.Contains("the symbols do not fit this trace", warning);
    }
}
