using QemuTrace.Analysis;
using QemuTrace.Formats;
using QemuTrace.Symbols;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Analysis;

public class BootAnalyzerTests
{
    private const ulong Kernel = 0xffffffff81000000;
    private const ulong EntrySyscall = 0xffffffff81c00080;
    private const ulong OpenatHandler = 0xffffffff81300000;

    private static readonly FakeSymbols Symbols = new FakeSymbols()
        .Add("start_kernel", Kernel, 0x100)
        .Add("do_work", Kernel + 0x100, 0x100)
        .Add("entry_SYSCALL_64", EntrySyscall, 0x40)
        .Add("__x64_sys_openat", OpenatHandler, 0x40)
        .Add("kernel_power_off", Kernel + 0x1000, 0x20);

    /// <summary>Builds a trace from (time, event, pc) steps; event "x" is exec_tb_exit, "d" a dropped record.</summary>
    private static BootAnalysis Analyze(params (ulong Time, string Event, ulong Pc)[] steps)
    {
        var bytes = Traces.Build(4, w =>
        {
            w.WriteMapping(0, "exec_tb");
            w.WriteMapping(1, "exec_tb_exit");
            foreach (var (time, e, pc) in steps)
            {
                switch (e)
                {
                    case "x":
                        w.WriteEvent(1, time, 1, [0, 0]);
                        break;
                    case "d":
                        w.WriteDropped(time, 1, 5);
                        break;
                    default:
                        w.WriteEvent(0, time, 1, [0x7f00, pc]);
                        break;
                }
            }
        });
        using var reader = Traces.Open(bytes);
        return BootAnalyzer.Run(reader, Symbols);
    }

    private static FunctionProfileRow Row(BootAnalysis a, string function) => a.Profile.Single(p => p.Function == function);

    [Fact]
    public void Each_block_owns_the_time_until_the_next_block_and_exits_only_move_the_clock()
    {
        var a = Analyze((100, "tb", Kernel), (105, "x", 0), (110, "tb", Kernel + 0x100), (130, "tb", Kernel + 4));

        Assert.Equal(10, Row(a, "start_kernel").TotalNs);
        Assert.Equal(20, Row(a, "do_work").TotalNs);
        Assert.Equal(30, a.AttributedNs);
        Assert.Equal(2, Row(a, "start_kernel").Blocks);
        Assert.Equal(1, Row(a, "start_kernel").Entries);
        Assert.Equal(30, a.DurationNs);
    }

    [Fact]
    public void Dropped_events_are_placed_after_the_buffered_records_that_follow_the_drop_record()
    {
        // QEMU's writer stamps Dropped_Event when it writes it, then writes the full buffer's older records
        // (262,144 bytes: 6,553 exec_tb records of 40 bytes); the loss is the gap before the first record that no
        // longer fits, not the interval around the Dropped_Event record.
        var steps = new List<(ulong, string, ulong)> { (0, "tb", Kernel), (50_000, "d", 0) };
        for (int i = 1; i <= 6553; i++)
        {
            steps.Add(((ulong)i * 10, "tb", Kernel + (ulong)(i % 2) * 0x100));
        }

        steps.Add((65_530 + 2_000, "tb", Kernel));
        steps.Add((65_530 + 2_010, "tb", Kernel + 0x100));
        var a = Analyze([.. steps]);

        var gap = Assert.Single(a.DroppedEventGaps);
        Assert.Equal((65_530L, 67_530L, 5UL, 6553L), (gap.StartNs, gap.EndNs, gap.Count, gap.RecordsAfterDropRecord));
        Assert.Equal(1, a.IntervalsSpanningDrops);
        Assert.Equal(2_000, a.NsSpanningDrops);
    }

    [Fact]
    public void A_drop_record_right_after_the_previous_buffer_ends_that_loss_at_the_next_stored_record()
    {
        // The writer wrote the first buffer, found new drops and wrote a second Dropped_Event before any newer record:
        // the first loss lies between the last record of the first buffer and the first record of the second.
        var steps = new List<(ulong, string, ulong)> { (0, "tb", Kernel), (90_000, "d", 0) };
        for (int i = 1; i <= 6553; i++)
        {
            steps.Add(((ulong)i, "tb", Kernel));
        }

        steps.Add((200_000, "d", 0));
        for (int i = 1; i <= 6553; i++)
        {
            steps.Add((100_000 + (ulong)i, "tb", Kernel));
        }

        steps.Add((300_000, "tb", Kernel));
        var a = Analyze([.. steps]);

        Assert.Equal([(6553L, 100_001L), (106_553L, 300_000L)], a.DroppedEventGaps.Select(g => (g.StartNs, g.EndNs)));
        Assert.Equal(2, a.IntervalsSpanningDrops);
    }

    [Fact]
    public void A_drop_whose_buffered_records_reach_the_end_of_the_trace_is_placed_at_its_end()
    {
        var a = Analyze((0, "tb", Kernel), (500, "d", 0), (10, "tb", Kernel + 0x100), (20, "tb", Kernel));

        var gap = Assert.Single(a.DroppedEventGaps);
        Assert.Equal((20L, 20L, 2L), (gap.StartNs, gap.EndNs, gap.RecordsAfterDropRecord));
        Assert.Equal(0, a.IntervalsSpanningDrops);
    }

    [Fact]
    public void The_kernel_entry_is_the_physical_startup_64_wherever_kaslr_loaded_it()
    {
        // The decompressor runs at 0x100000 and relocated copies; a translation block starting at a page boundary
        // inside it is not 2 MiB aligned. The KASLR kernel starts at physical 0x8200000, not at the ELF entry 0x1000000.
        var a = Analyze(
            (0, "tb", 0xfffffff0), (10, "tb", 0x100000), (20, "tb", 0x3a01000), (30, "tb", 0x8200000), (40, "tb", 0x8200040),
            (50, "tb", Kernel + 0x32400000), (60, "tb", Kernel));

        var entry = a.Milestones.Single(m => m.Name == BootAnalyzer.KernelEntryMilestone);
        Assert.Equal((30L, 0x8200000UL), (entry.TimeNs, entry.Pc));
        Assert.Equal("first kernel virtual address", a.Milestones.Single(m => m.TimeNs == 50).Name);
    }

    [Fact]
    public void An_out_of_order_interval_counts_as_zero_and_is_reported()
    {
        var a = Analyze((100, "tb", Kernel), (90, "tb", Kernel + 0x100), (120, "tb", Kernel));

        Assert.Equal(0, Row(a, "start_kernel").TotalNs);
        Assert.Equal(30, Row(a, "do_work").TotalNs);
        Assert.Equal(1, a.NegativeIntervals);
    }

    [Fact]
    public void Low_pcs_are_firmware_before_the_kernel_runs_and_user_space_after()
    {
        var a = Analyze((0, "tb", 0xfffffff0), (10, "tb", 0xfe05b), (20, "tb", 0x2000000), (30, "tb", Kernel), (40, "tb", 0x401000), (50, "tb", Kernel));

        Assert.Equal(20, Row(a, "[bios]").TotalNs);
        Assert.Equal(10, Row(a, "[early-boot]").TotalNs);
        Assert.Equal(10, Row(a, "[user]").TotalNs);
        Assert.Equal(["reset vector", "BIOS entry", BootAnalyzer.KernelEntryMilestone, "first kernel virtual address", "start_kernel", "first user instruction", "end of trace"], a.Milestones.Select(m => m.Name));
        Assert.Equal(0x401000UL, a.Milestones.Single(m => m.Name == "first user instruction").Pc);
    }

    [Fact]
    public void A_syscall_runs_from_its_entry_to_the_next_user_pc_and_is_named_by_a_seen_handler()
    {
        var a = Analyze(
            (0, "tb", Kernel), (10, "tb", 0x401000),
            (20, "tb", EntrySyscall), (25, "tb", OpenatHandler + 8), (40, "tb", 0x401234));

        var call = Assert.Single(a.Syscalls);
        Assert.Equal(("openat", 20L, SyscallNaming.Handler, 0x401000UL), (call.Syscall, call.DurationNs, call.NamedBy, call.UserPc));
        Assert.Contains(a.Milestones, m => m.Name == "first syscall" && m.TimeNs == 20);
    }

    [Fact]
    public void A_syscall_without_a_seen_handler_is_inferred_only_from_a_consistent_rule()
    {
        // The rule's key is (previous syscall as named by its handler, or ?; resume PC). The first call, key (?, 0x401000),
        // shows openat; the second has key (openat, 0x401000), never seen with a handler; the third has key (?, 0x401000)
        // again; the fourth resumes elsewhere.
        var a = Analyze(
            (0, "tb", Kernel),
            (10, "tb", 0x401000), (20, "tb", EntrySyscall), (25, "tb", OpenatHandler), (30, "tb", 0x401000),
            (40, "tb", EntrySyscall), (50, "tb", 0x401000),
            (60, "tb", EntrySyscall), (70, "tb", 0x402000),
            (80, "tb", EntrySyscall));

        Assert.Equal([SyscallNaming.Handler, SyscallNaming.None, SyscallNaming.Inferred, SyscallNaming.None], a.Syscalls.Select(s => s.NamedBy));
        Assert.Equal(["openat", "?", "openat", "?"], a.Syscalls.Select(s => s.Syscall));
        Assert.Equal(1, a.Syscalls[2].Evidence);
        Assert.Null(a.Syscalls[3].DurationNs);
    }

    [Fact]
    public void The_power_off_path_is_a_milestone_and_stages_join_consecutive_milestones()
    {
        var a = Analyze((0, "tb", 0xfffffff0), (10, "tb", Kernel), (20, "tb", Kernel + 0x1000), (30, "tb", Kernel + 0x1004));

        Assert.Contains(a.Milestones, m => m.Name == "power-off" && m.TimeNs == 20);
        Assert.Equal(a.Stages.Sum(s => s.DurationNs), a.DurationNs);
    }

    [Fact]
    public void Time_bins_split_intervals_at_bin_boundaries()
    {
        var bytes = Traces.Build(4, w =>
        {
            w.WriteMapping(0, "exec_tb");
            w.WriteEvent(0, 0, 1, [0, Kernel]);
            w.WriteEvent(0, 2500, 1, [0, Kernel + 0x100]);
            w.WriteEvent(0, 3000, 1, [0, Kernel]);
        });
        using var reader = Traces.Open(bytes);

        var a = BootAnalyzer.Run(reader, Symbols, new BootAnalysisOptions { BinNs = 1000, TrackedFunctions = ["do_work"] });

        Assert.Equal([1000L, 1000, 1000], a.Bins.ByRegion[AddressRegion.Kernel]);
        Assert.Equal([0L, 0, 500], a.Bins.ByFunction["do_work"]);
    }
}
