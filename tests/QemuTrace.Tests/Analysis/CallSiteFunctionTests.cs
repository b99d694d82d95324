using QemuTrace.Analysis;
using QemuTrace.Export;
using QemuTrace.Formats.Text;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Analysis;

/// <summary>The call site (RCX at the syscall entry) named by user symbols (<c>--user ELF@BASE</c>) when they are loaded.</summary>
public class CallSiteFunctionTests
{
    private const ulong Entry = 0xffffffff81c00080;
    private const ulong Kernel = 0xffffffff81000000;

    private static FakeSymbols KernelSymbols() => new FakeSymbols()
        .Add("start_kernel", Kernel, 0x100)
        .Add("entry_SYSCALL_64", Entry, 0x40);

    /// <summary>openat called from 0x401010 (returns to 0x401010), write from 0x402020, then a call site no symbol covers (0x409000).</summary>
    private static BootAnalysis Analyze(FakeSymbols symbols)
    {
        var capture = new SyscallCaptures()
            .Tb(0, Kernel).Tb(100, 0x401000)
            .Tb(200, Entry).Dump(rax: 257, rip: Entry, rcx: 0x401010).Tb(300, 0x401010)
            .Tb(400, Entry).Dump(rax: 1, rip: Entry, rcx: 0x402020).Tb(450, 0x402020)
            .Tb(500, Entry).Dump(rax: 3, rip: Entry, rcx: 0x409000).Tb(550, 0x409000);
        using var reader = new LogTraceReader(capture.Stream(), "qemu.log", null);
        return BootAnalyzer.Run(reader, symbols);
    }

    [Fact]
    public void With_user_symbols_each_call_site_gets_the_function_that_holds_it()
    {
        var symbols = KernelSymbols().Add("__libc_open64", 0x401000, 0x40).Add("__libc_write", 0x402000, 0x40);

        var analysis = Analyze(symbols);

        Assert.Equal(["__libc_open64", "__libc_write", null], analysis.Syscalls.Select(s => s.Registers!.CallSiteFunction));
    }

    [Fact]
    public void With_user_symbols_the_syscalls_table_gains_a_call_site_function_column_after_cr3()
    {
        var symbols = KernelSymbols().Add("__libc_open64", 0x401000, 0x40).Add("__libc_write", 0x402000, 0x40);

        var table = BootAnalysisTables.Syscalls(Analyze(symbols));

        Assert.Equal(["cr3", "call_site_function"], table.Columns.Select(c => c.Name).TakeLast(2));
        Assert.Equal(["__libc_open64", "__libc_write", null], table.Rows.Select(r => r[^1]));
        var tsv = new StringWriter();
        ResultTableWriter.Write(table, "tsv", tsv);
        Assert.Contains("\t__libc_open64", tsv.ToString());
    }

    [Fact]
    public void Without_user_symbols_the_table_keeps_its_columns()
    {
        var table = BootAnalysisTables.Syscalls(Analyze(KernelSymbols()));

        Assert.Equal("cr3", table.Columns[^1].Name);
        Assert.All(Analyze(KernelSymbols()).Syscalls, s => Assert.Null(s.Registers!.CallSiteFunction));
    }
}
