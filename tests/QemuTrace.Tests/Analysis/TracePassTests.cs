using QemuTrace.Analysis;
using QemuTrace.Analysis.Passes;
using QemuTrace.Formats;
using QemuTrace.Formats.Text;
using QemuTrace.Symbols;
using QemuTrace.Testing;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Analysis;

public class TracePassTests
{
    private const ulong Kernel = 0xffffffff81000000;

    private static readonly FakeSymbols Symbols = new FakeSymbols()
        .Add("start_kernel", Kernel, 0x100)
        .Add("do_work", Kernel + 0x100, 0x100);

    /// <summary>Records every block it is given and checks the stream's own promises as it goes.</summary>
    private sealed class RecordingPass : ITracePass
    {
        public List<(long Time, ulong Pc, int Slot, int PreviousSlot, long PreviousDuration)> Blocks { get; } = [];
        public int Batches { get; private set; }
        public int Starts { get; private set; }
        public TraceStreamEnd? End { get; private set; }
        public long CpuStates { get; private set; }
        public long AttributedNs { get; private set; }
        public int MaxSlot { get; private set; } = -1;

        public void Start(TraceStreamInfo info) => Starts++;

        void ITracePass.Blocks(ReadOnlySpan<TraceBlock> blocks)
        {
            Batches++;
            foreach (ref readonly var b in blocks)
            {
                Assert.Equal(b.Slot > MaxSlot, b.IsNewSlot);
                MaxSlot = Math.Max(MaxSlot, b.Slot);
                Blocks.Add((b.TimeNs, b.Pc, b.Slot, b.PreviousSlot, b.PreviousDurationNs));
                AttributedNs += b.PreviousDurationNs;
            }
        }

        public void CpuState(CpuState state) => CpuStates++;

        public void Finish(TraceStreamEnd end) => End = end;
    }

    [Fact]
    public void A_user_pass_sees_every_block_once_in_order_and_each_block_carries_the_interval_its_arrival_closes()
    {
        var steps = Enumerable.Range(0, 2500).Select(i => (Time: 1000UL + (ulong)i * 10 + (ulong)(i % 3), Pc: Kernel + (ulong)(i % 7) * 0x40)).ToList();
        var bytes = Traces.Build(4, w =>
        {
            w.WriteMapping(0, "exec_tb");
            foreach (var (time, pc) in steps)
            {
                w.WriteEvent(0, time, 1, [0x7f00, pc]);
            }
        });
        var pass = new RecordingPass();
        using var reader = Traces.Open(bytes);

        var analysis = BootAnalyzer.Run(reader, Symbols, null, [pass]);

        Assert.Equal(1, pass.Starts);
        Assert.True(pass.Batches >= 3, $"2500 blocks in {pass.Batches} batches");
        Assert.Equal(steps.Select(s => s.Pc), pass.Blocks.Select(b => b.Pc));
        Assert.Equal(steps.Select(s => (long)(s.Time - steps[0].Time)), pass.Blocks.Select(b => b.Time));
        Assert.Equal(-1, pass.Blocks[0].PreviousSlot);
        for (int i = 1; i < pass.Blocks.Count; i++)
        {
            Assert.Equal(pass.Blocks[i - 1].Slot, pass.Blocks[i].PreviousSlot);
            Assert.Equal(pass.Blocks[i].Time - pass.Blocks[i - 1].Time, pass.Blocks[i].PreviousDuration);
        }

        Assert.Equal(7, pass.MaxSlot + 1);
        Assert.Equal(analysis.AttributedNs, pass.AttributedNs);
        Assert.Equal(analysis.BlockRecords, pass.End!.Blocks);
        Assert.Equal(analysis.DurationNs, pass.End.DurationNs);
    }

    /// <summary>A user's own profile of one function, by the pattern docs/architecture.md shows: per-slot flags, then sums.</summary>
    private sealed class OneFunctionTime(string function) : ITracePass
    {
        private readonly SlotArray<bool> _mine = new();
        private TraceStreamInfo _info = null!;

        public long TotalNs { get; private set; }
        public long Blocks { get; private set; }
        public long Entries { get; private set; }

        public void Start(TraceStreamInfo info) => _info = info;

        void ITracePass.Blocks(ReadOnlySpan<TraceBlock> blocks)
        {
            foreach (ref readonly var b in blocks)
            {
                if (b.IsNewSlot)
                {
                    _mine[b.Slot] = _info.NameOf(b.Function) == function;
                }

                if (b.HasPrevious && _mine[b.PreviousSlot])
                {
                    TotalNs += b.PreviousDurationNs;
                }

                if (_mine[b.Slot])
                {
                    Blocks++;
                    Entries += _info.IsFunctionEntry(b) ? 1 : 0;
                }
            }
        }
    }

    [Fact]
    public void A_user_pass_over_the_real_boot_agrees_with_the_built_in_profile_in_the_same_single_pass()
    {
        var symbolizer = new Symbolizer([RepositoryData.Vmlinux]);
        using var reader = TraceFile.Open(RepositoryData.PathOf("boot", "trace-simple-v4.bin.gz"), TraceEventsFile.Load(RepositoryData.PathOf("boot", "trace-events-all")));
        var passes = new[] { new OneFunctionTime("kmem_cache_alloc"), new OneFunctionTime("[early-boot]"), new OneFunctionTime("schedule") };

        var analysis = BootAnalyzer.Run(reader, new SymbolizerPcSource(symbolizer), null, passes);

        foreach (var (pass, function) in passes.Zip(new[] { "kmem_cache_alloc", "[early-boot]", "schedule" }))
        {
            var row = analysis.Profile.Single(p => p.Function == function);
            Assert.True(row.Blocks > 0, function);
            Assert.Equal((row.TotalNs, row.Blocks, row.Entries), (pass.TotalNs, pass.Blocks, pass.Entries));
        }
    }

    [Fact]
    public void Register_dumps_reach_a_pass_after_the_blocks_before_them_as_many_as_the_analysis_counts()
    {
        var symbolizer = new Symbolizer([RepositoryData.Vmlinux]);
        // The same-run capture (init to power-off, 857 register dumps) is the small one of the two syscall captures.
        using var reader = TraceFile.Open(RepositoryData.PathOf("blocks", "same-run", "sampled.log.gz"));
        var pass = new RecordingPass();

        var analysis = BootAnalyzer.Run(reader, new SymbolizerPcSource(symbolizer), null, [pass]);

        Assert.True(analysis.CpuStates > 800, $"{analysis.CpuStates} dumps");
        Assert.Equal(analysis.CpuStates, pass.CpuStates);
        Assert.All(analysis.Syscalls, s => Assert.Equal(SyscallNaming.Register, s.NamedBy));
    }

    [Fact]
    public void The_milestone_table_is_data_a_function_family_marks_one_milestone_and_unknown_functions_none()
    {
        Assert.Equal("start_kernel", BootMilestoneRules.OfFunction("start_kernel"));
        Assert.Equal("power-off", BootMilestoneRules.OfFunction("native_machine_power_off"));
        Assert.Equal("first ext4 call", BootMilestoneRules.OfFunction("ext4_fill_super"));
        Assert.Null(BootMilestoneRules.OfFunction("do_work"));
        Assert.Contains(BootMilestoneRules.EarlyPcs, e => e is (0xffff_fff0, "reset vector"));
    }

    [Fact]
    public void A_slot_array_grows_to_any_slot_and_reads_its_initial_value_where_nothing_was_written()
    {
        var array = new SlotArray<int>(-1, capacity: 2);
        array[5000] = 7;

        Assert.Equal(7, array[5000]);
        Assert.Equal(-1, array[4999]);
        Assert.Equal(-1, array[1]);
    }
}
