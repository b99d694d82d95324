using QemuTrace.Analysis;
using QemuTrace.Export;
using QemuTrace.Formats.Text;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Analysis;

public class SyscallRegisterTests
{
    private const ulong Entry = 0xffffffff81c00080;
    private const ulong Kernel = 0xffffffff81000000;

    private static readonly FakeSymbols Symbols = new FakeSymbols()
        .Add("start_kernel", Kernel, 0x100)
        .Add("entry_SYSCALL_64", Entry, 0x40)
        .Add("__x64_sys_openat", Kernel + 0x300000, 0x40);

    private static BootAnalysis Analyze(SyscallCaptures capture)
    {
        using var reader = new LogTraceReader(capture.Stream(), "qemu.log", null);
        return BootAnalyzer.Run(reader, Symbols);
    }

    /// <summary>A boot fragment: kernel, then two syscalls from user space (openat with a dump, write with a dump).</summary>
    private static SyscallCaptures TwoSyscalls(bool dumps)
    {
        var c = new SyscallCaptures().Tb(0, Kernel).Tb(100, 0x401000).Tb(200, Entry);
        if (dumps)
        {
            c.Dump(rax: 257, rip: Entry, rdi: 0xffffff9c, rsi: 0x4a0010, rdx: 0x80000, rcx: 0x401010, cr3: 0x1234000);
        }

        c.Tb(260, Kernel + 0x300000).Tb(300, 0x401010).Tb(400, Entry);
        if (dumps)
        {
            c.Dump(rax: 1, rip: Entry, rdi: 1, rsi: 0x4a0100, rdx: 12, rcx: 0x401020, cr3: 0x1234000);
        }

        return c.Tb(450, 0x401020);
    }

    [Fact]
    public void A_syscall_with_a_register_dump_is_named_from_rax_and_keeps_its_arguments_call_site_and_cr3()
    {
        var a = Analyze(TwoSyscalls(dumps: true));

        Assert.Equal(["openat", "write"], a.Syscalls.Select(s => s.Syscall));
        Assert.All(a.Syscalls, s => Assert.Equal(SyscallNaming.Register, s.NamedBy));
        var openat = a.Syscalls[0].Registers!;
        Assert.Equal(257, openat.Number);
        Assert.Equal(new ulong[] { 0xffffff9cUL, 0x4a0010, 0x80000, 0, 0, 0 }, new[] { openat.Arg0, openat.Arg1, openat.Arg2, openat.Arg3, openat.Arg4, openat.Arg5 });
        Assert.Equal(0x401010UL, openat.CallSite);
        Assert.Equal(0x1234000UL, openat.Cr3);
        Assert.Equal(2, a.CpuStates);
        Assert.Equal(0, a.CpuStatesOutsideEntries);
        Assert.StartsWith("the x86-64 syscall ABI table", a.SyscallNameSource);
    }

    [Fact]
    public void Register_dumps_change_no_time_the_plain_exec_tb_analysis_gives()
    {
        var withDumps = Analyze(TwoSyscalls(dumps: true));
        var plain = Analyze(TwoSyscalls(dumps: false));

        Assert.Equal(plain.Syscalls.Select(s => (s.TimeNs, s.DurationNs)), withDumps.Syscalls.Select(s => (s.TimeNs, s.DurationNs)));
        Assert.Equal([(200_000L, 100_000L), (400_000L, 50_000L)], withDumps.Syscalls.Select(s => (s.TimeNs, s.DurationNs)));
        Assert.Equal(plain.AttributedNs, withDumps.AttributedNs);
        Assert.Equal(SyscallNaming.Handler, plain.Syscalls[0].NamedBy);
    }

    [Fact]
    public void An_entry_re_entered_after_an_exit_request_is_one_syscall_timed_from_the_re_entry_with_the_first_dump()
    {
        var capture = new SyscallCaptures().Tb(0, Kernel).Tb(100, 0x401000)
            .Tb(200, Entry).Dump(rax: 60, rip: Entry).Exit(201, 3).Tb(202, Entry).Dump(rax: 60, rip: Entry)
            .Tb(300, 0x401010);

        var a = Analyze(capture);

        var exit = Assert.Single(a.Syscalls);
        Assert.Equal(("exit", 202_000L, 98_000L), (exit.Syscall, exit.TimeNs, exit.DurationNs));
        Assert.Equal(1, a.SyscallReentries);
        Assert.Equal(2, a.CpuStates);
        Assert.Equal(0, a.CpuStatesOutsideEntries);
    }

    [Fact]
    public void A_dump_at_another_address_is_counted_apart_and_names_nothing()
    {
        var capture = new SyscallCaptures().Tb(0, Kernel).Dump(rax: 1, rip: Kernel).Tb(100, 0x401000).Tb(200, Entry).Tb(300, 0x401010);

        var a = Analyze(capture);

        Assert.Equal(1, a.CpuStatesOutsideEntries);
        Assert.Null(Assert.Single(a.Syscalls).Registers);
    }

    [Fact]
    public void The_syscalls_table_of_a_register_capture_has_number_arguments_call_site_and_cr3_columns()
    {
        var table = BootAnalysisTables.Syscalls(Analyze(TwoSyscalls(dumps: true)));
        var summary = BootAnalysisTables.SyscallSummary(Analyze(TwoSyscalls(dumps: true)));

        Assert.Equal(["time_ns", "syscall", "duration_ns", "named_by", "user_pc", "number", "arg0", "arg1", "arg2", "arg3", "arg4", "arg5", "call_site", "cr3"],
            table.Columns.Select(c => c.Name));
        Assert.Equal([200_000L, "openat", 100_000L, "register", 0x401000UL, 257L, 0xffffff9cUL, 0x4a0010UL, 0x80000UL, 0UL, 0UL, 0UL, 0x401010UL, 0x1234000UL], table.Rows[0]);
        Assert.Equal(["syscall", "count", "register", "handler", "inferred", "total_ns", "max_ns"], summary.Columns.Select(c => c.Name));
        Assert.Contains(table.Notes, n => n.StartsWith("2 syscalls: 2 (100.0%) named from their number", StringComparison.Ordinal));
    }

    [Fact]
    public void The_syscalls_table_of_a_plain_trace_keeps_its_five_columns()
    {
        var table = BootAnalysisTables.Syscalls(Analyze(TwoSyscalls(dumps: false)));

        Assert.Equal(["time_ns", "syscall", "duration_ns", "named_by", "user_pc"], table.Columns.Select(c => c.Name));
    }

    [Theory]
    [InlineData(0, "read")]
    [InlineData(4, "stat")]
    [InlineData(59, "execve")]
    [InlineData(60, "exit")]
    [InlineData(231, "exit_group")]
    [InlineData(257, "openat")]
    [InlineData(262, "newfstatat")]
    [InlineData(313, "finit_module")]
    [InlineData(334, "rseq")]
    [InlineData(424, "pidfd_send_signal")]
    [InlineData(435, "clone3")]
    [InlineData(450, "set_mempolicy_home_node")]
    public void The_abi_table_names_numbers_as_syscall_64_tbl_does(int number, string name)
    {
        Assert.Equal(name, SyscallTable.X64Abi.NameOf(number));
    }

    [Theory]
    [InlineData(335)]
    [InlineData(423)]
    [InlineData(-1)]
    [InlineData(100000)]
    public void The_abi_table_names_no_unused_or_invalid_number(long number)
    {
        Assert.Null(SyscallTable.X64Abi.NameOf(number));
    }

    [Fact]
    public void An_unknown_number_leaves_the_syscall_unnamed_but_keeps_its_registers()
    {
        var capture = new SyscallCaptures().Tb(0, Kernel).Tb(100, 0x401000).Tb(200, Entry).Dump(rax: 0xffffffffffffffff, rip: Entry).Tb(300, 0x401010);

        var s = Assert.Single(Analyze(capture).Syscalls);

        Assert.Equal(("?", SyscallNaming.None, -1L), (s.Syscall, s.NamedBy, s.Registers!.Number));
    }
}
