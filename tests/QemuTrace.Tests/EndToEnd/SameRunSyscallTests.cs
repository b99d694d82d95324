using QemuTrace.Analysis;
using QemuTrace.Formats;
using QemuTrace.Formats.Blocks;
using QemuTrace.Symbols;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.EndToEnd;

/// <summary>
/// One boot recorded two ways in the same QEMU run (data/blocks/same-run.sh): a register capture (exec_tb and a
/// <c>-d cpu</c> dump at every <c>entry_SYSCALL_64</c>, log backend) and a block capture (every block, plugin), both
/// from init's exec to power-off. The register capture names each syscall by RAX; the block capture by the first
/// <c>__x64_sys_*</c> block after the entry. The two clocks differ (the log's wall clock in µs, the plugin's TSC), but
/// both files start at the same block (run_init_process), so times since the first record are comparable.
/// </summary>
public class SameRunSyscallTests
{
    /// <summary>The log's µs timestamps and the two clocks' drift over a second or two.</summary>
    private const long ClockSlackNs = 5_000;

    /// <summary>
    /// The block capture sees the entry block when it runs, after QEMU has written its 20-line register dump to the log
    /// (measured 3-22 µs on a loaded machine); a stalled log write can take longer.
    /// </summary>
    private const long DumpWriteMaxNs = 1_000_000;

    /// <summary>The return to user space: both captures see the first user block, so only clock slack separates them.</summary>
    private const long ReturnSlackNs = 20_000;

    private static readonly Symbolizer Symbols = new([RepositoryData.Vmlinux]);
    private static readonly string RegisterCapture = RepositoryData.PathOf("blocks", "same-run", "sampled.log.gz");
    private static readonly string BlockCapture = RepositoryData.PathOf("blocks", "same-run", "exact.qtb.gz");

    private static readonly Lazy<BootAnalysis> Registers = new(() => Analyze(RegisterCapture));
    private static readonly Lazy<BootAnalysis> Blocks = new(() => Analyze(BlockCapture));

    /// <summary>
    /// Times (since the log's first record) of the exec_tb records QEMU did not run: the CPU loop entered the block, was
    /// told to exit before executing it (<c>exec_tb_exit ... flags=0x3</c>, an interrupt or exit request pending), and
    /// ran something else first. The block capture, which records blocks as they execute, has no such record.
    /// </summary>
    private static readonly Lazy<HashSet<long>> NotRun = new(() =>
    {
        using var reader = TraceFile.Open(RegisterCapture);
        var record = default(TraceRecord);
        var notRun = new HashSet<long>();
        ulong? first = null;
        long? lastEntered = null;
        while (reader.Read(ref record))
        {
            first ??= record.TimestampNs;
            var kind = reader.Events[record.EventIndex].Kind;
            if (kind == TraceEventKind.ExecTb)
            {
                lastEntered = (long)(record.TimestampNs - first.Value);
            }
            else if (kind == TraceEventKind.ExecTbExit)
            {
                if (record.Arguments[1] == 3 && lastEntered is { } t)
                {
                    notRun.Add(t);
                }

                lastEntered = null;
            }
        }

        return notRun;
    });

    private static BootAnalysis Analyze(string path)
    {
        using var reader = TraceFile.Open(path);
        return BootAnalyzer.Run(reader, new SymbolizerPcSource(Symbols));
    }

    [Fact]
    public void The_block_capture_parses_back_to_exactly_the_blocks_and_instructions_the_plugin_counted()
    {
        var (reader, records) = BlockCaptures.ReadAgainstTrailer(BlockCapture);
        using var disposing = reader;
        Assert.Equal(BlockStartCondition.Pc, reader.Header.Start);
        Assert.True(Symbols.TryLookup(reader.Header.StartPc, out var start, out var offset));
        Assert.Equal(("run_init_process", 0ul), (start.Name, offset));
        Assert.Equal(Blocks.Value.BlockRecords, records);
    }

    [Fact]
    public void Both_captures_cover_the_same_window_from_init_exec_to_power_off()
    {
        var registers = Registers.Value;
        var blocks = Blocks.Value;

        Assert.NotNull(blocks.Instructions);
        Assert.Null(registers.Instructions);
        Assert.True(registers.CpuStates > 800, $"{registers.CpuStates} register dumps");
        Assert.Equal(0, registers.CpuStatesOutsideEntries);
        Assert.Equal(0, registers.Milestones.Single(m => m.Name == "init exec").TimeNs);
        Assert.Equal(0, blocks.Milestones.Single(m => m.Name == "init exec").TimeNs);
        // Same run, same window: the last blocks agree to µs; the log's span is longer by its final exec_tb_exit, written
        // as QEMU shuts down (2 ms in the committed capture).
        Assert.InRange(Math.Abs(registers.DurationNs - blocks.DurationNs), 0, registers.DurationNs / 100);
        // Every milestone of the window (first user instruction, first syscall, first mount, power-off) at the same time.
        var milestones = blocks.Milestones.Where(m => m.Name != "end of trace").ToList();
        Assert.True(milestones.Count >= 5, string.Join(", ", milestones.Select(m => m.Name)));
        Assert.All(milestones, m => Assert.InRange(m.TimeNs - registers.Milestones.Single(r => r.Name == m.Name).TimeNs, -ClockSlackNs, DumpWriteMaxNs));
    }

    [Fact]
    public void Every_syscall_of_the_register_capture_is_in_the_block_capture_in_the_same_order_with_the_same_name()
    {
        var registers = Registers.Value.Syscalls;
        var blocks = Blocks.Value.Syscalls;

        Assert.True(registers.Count > 800, $"{registers.Count} syscalls in the register capture");
        Assert.All(registers, s => Assert.Equal(SyscallNaming.Register, s.NamedBy));
        Assert.All(blocks, s => Assert.Equal(SyscallNaming.Handler, s.NamedBy));
        Assert.Equal(registers.Count, blocks.Count);
        // Named by RAX through the ABI table, the user-space name (uname, sendfile); named by the handler block, the
        // kernel entry point (__x64_sys_newuname, __x64_sys_sendfile64): the table's fourth column maps one to the other.
        var disagreements = registers.Zip(blocks, (r, b) => (Register: r, Block: b))
            .Select((p, i) => (Index: i, p.Register, p.Block))
            .Where(p => SyscallTable.AbiEntryPoint((int)p.Register.Registers!.Number) != p.Block.Syscall)
            .Select(p => $"#{p.Index}: register {p.Register.Syscall} (RAX {p.Register.Registers!.Number}) at {p.Register.TimeNs} ns, block {p.Block.Syscall} at {p.Block.TimeNs} ns")
            .ToList();
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
        Assert.Contains(registers.Zip(blocks), p => p.First.Syscall != p.Second.Syscall);
    }

    [Fact]
    public void The_block_captures_user_pc_is_the_block_that_ends_in_the_syscall_instruction()
    {
        // RCX is the instruction after `syscall` (2 bytes), so the last user block before the entry must start at most
        // a page before it. exec_tb's user_pc is only the last user block the CPU loop entered, often an earlier one.
        var wrong = Registers.Value.Syscalls.Zip(Blocks.Value.Syscalls)
            .Select((p, i) => (Index: i, CallSite: p.First.Registers!.CallSite, p.Second.UserPc, p.Second.Syscall))
            .Where(p => p.CallSite < p.UserPc + 2 || p.CallSite - p.UserPc > 4096)
            .Select(p => $"#{p.Index} {p.Syscall}: block user_pc 0x{p.UserPc:x}, RCX 0x{p.CallSite:x}")
            .ToList();

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void Only_the_syscall_that_never_returns_has_no_duration_in_either_capture()
    {
        var registers = Registers.Value.Syscalls;
        var blocks = Blocks.Value.Syscalls;

        Assert.Equal(registers.Select(s => s.DurationNs is null), blocks.Select(s => s.DurationNs is null));
        var open = Assert.Single(blocks, s => s.DurationNs is null);
        Assert.Equal("reboot", open.Syscall);
        Assert.Same(blocks[^1], open);
    }

    [Fact]
    public void Entry_and_return_times_agree_entries_from_the_block_that_ran_returns_except_where_qemu_entered_a_block_it_did_not_run()
    {
        var registers = Registers.Value.Syscalls;
        var blocks = Blocks.Value.Syscalls;
        var notRun = NotRun.Value;
        var failures = new List<string>();
        int entriesNotRun = 0, returnsNotRun = 0;
        for (int i = 0; i < registers.Count; i++)
        {
            var (r, b) = (registers[i], blocks[i]);
            long startDelta = b.TimeNs - r.TimeNs;
            if (notRun.Contains(r.TimeNs))
            {
                // The analysis must time a syscall from the entry block that ran (the re-entry), never from one QEMU
                // entered and left without running it.
                entriesNotRun++;
                failures.Add($"#{i} {b.Syscall}: timed from the entry block at {r.TimeNs} ns, which QEMU did not run");
            }
            else if (startDelta < -ClockSlackNs || startDelta > DumpWriteMaxNs)
            {
                failures.Add($"#{i} {b.Syscall}: entry at {r.TimeNs} ns in the log, {b.TimeNs} ns in the block capture");
            }

            if (r.DurationNs is not { } rd || b.DurationNs is not { } bd)
            {
                continue;
            }

            long registerEnd = r.TimeNs + rd, endDelta = b.TimeNs + bd - registerEnd;
            if (notRun.Contains(registerEnd))
            {
                // The first user block after the syscall was entered but not run: an interrupt came first, which the
                // block capture counts inside the syscall (no user block ran before it).
                returnsNotRun++;
                if (endDelta < -ClockSlackNs)
                {
                    failures.Add($"#{i} {b.Syscall}: return block not run at {registerEnd} ns, yet the block capture returned earlier, at {b.TimeNs + bd} ns");
                }
            }
            else if (Math.Abs(endDelta) > ReturnSlackNs)
            {
                failures.Add($"#{i} {b.Syscall}: returns at {registerEnd} ns in the log, {b.TimeNs + bd} ns in the block capture");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // Entries QEMU did not run happened (the analysis reports them as re-entries) and were timed from the re-entry;
        // the exceptions left are return blocks not run, and they stay rare.
        Assert.True(Registers.Value.SyscallReentries > 0, "the capture has re-entered syscall entry blocks");
        Assert.Equal(0, entriesNotRun);
        Assert.InRange(returnsNotRun, 0, registers.Count / 20);
    }

    [Fact]
    public void Durations_add_up_to_within_a_few_percent()
    {
        long registers = Registers.Value.Syscalls.Sum(s => s.DurationNs ?? 0);
        long blocks = Blocks.Value.Syscalls.Sum(s => s.DurationNs ?? 0);

        Assert.True(blocks > 0);
        Assert.InRange(Math.Abs(registers - blocks), 0, blocks / 20);
    }
}
