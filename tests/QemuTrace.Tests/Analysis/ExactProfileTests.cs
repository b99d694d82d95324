using QemuTrace.Analysis;
using QemuTrace.Export;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Analysis;

public class ExactProfileTests
{
    private const ulong Kernel = 0xffffffff81000000;

    private static readonly FakeSymbols Symbols = new FakeSymbols()
        .Add("start_kernel", Kernel, 0x100)
        .Add("do_work", Kernel + 0x100, 0x100);

    private static BootAnalysis Analyze(params (ulong Time, ulong Pc, uint Instructions)[] blocks)
    {
        var bytes = BlockCaptures.Build(w =>
        {
            foreach (var (time, pc, instructions) in blocks)
            {
                w.Add(0, time, pc, instructions);
            }

            w.Finish(blocks[^1].Time + 1, blocks[^1].Time + 1);
        });
        using var reader = BlockCaptures.Open(bytes);
        return BootAnalyzer.Run(reader, Symbols);
    }

    [Fact]
    public void Every_block_owns_the_time_until_the_next_and_counts_its_instructions()
    {
        var a = Analyze((100, Kernel, 4), (110, Kernel + 0x100, 7), (115, Kernel + 0x120, 3), (145, Kernel + 0x10, 2), (150, Kernel + 0x100, 9));

        var start = a.Profile.Single(p => p.Function == "start_kernel");
        var work = a.Profile.Single(p => p.Function == "do_work");
        Assert.Equal((10 + 5, 6L, 2L, 1L), (start.TotalNs, start.Instructions!.Value, start.Blocks, start.Entries));
        Assert.Equal((5 + 30, 19L, 3L, 2L), (work.TotalNs, work.Instructions!.Value, work.Blocks, work.Entries));
        Assert.Equal(25L, a.Instructions);
    }

    [Fact]
    public void The_exact_profile_adds_up_to_the_traced_time_and_the_counted_instructions()
    {
        var rng = new Random(11);
        var blocks = new List<(ulong, ulong, uint)>();
        ulong t = 1_000;
        for (int i = 0; i < 5_000; i++)
        {
            t += (ulong)rng.Next(1, 500);
            blocks.Add((t, Kernel + (ulong)rng.Next(0, 0x200), (uint)rng.Next(1, 40)));
        }

        var a = Analyze([.. blocks]);

        Assert.Equal(a.DurationNs, a.AttributedNs);
        Assert.Equal(a.AttributedNs, a.Profile.Sum(p => p.TotalNs));
        Assert.Equal(blocks.Sum(b => (long)b.Item3), a.Instructions);
        Assert.Equal(a.Instructions, a.Profile.Sum(p => p.Instructions));
        Assert.Equal(a.Instructions, a.Regions.Sum(r => r.Instructions));
        Assert.Equal(5_000, a.Profile.Sum(p => p.Blocks));
    }

    [Fact]
    public void The_profile_table_of_a_block_capture_has_instructions_and_says_time_is_distorted_and_counts_are_not()
    {
        var a = Analyze((100, Kernel, 4), (110, Kernel + 0x100, 6));

        var table = BootAnalysisTables.Profile(a);

        Assert.Equal(["function", "total_ns", "percent", "blocks", "entries", "instructions", "insn_percent"], table.Columns.Select(c => c.Name));
        Assert.Equal(new object?[] { "start_kernel", 10L, 100.0, 1L, 1L, 4L, 40.0 }, table.Rows[0]);
        Assert.Contains(table.Notes, n => n.Contains("so it is distorted; instruction counts are exact and not distorted", StringComparison.Ordinal));
    }

    [Fact]
    public void An_exec_tb_trace_keeps_its_columns_and_has_no_instruction_counts()
    {
        var bytes = Traces.Build(4, w =>
        {
            w.WriteMapping(0, "exec_tb");
            w.WriteEvent(0, 100, 1, [0x7f00, Kernel]);
            w.WriteEvent(0, 110, 1, [0x7f00, Kernel + 0x100]);
        });
        using var reader = Traces.Open(bytes);
        var a = BootAnalyzer.Run(reader, Symbols);

        Assert.Null(a.Instructions);
        Assert.All(a.Profile, p => Assert.Null(p.Instructions));
        Assert.Equal(["function", "total_ns", "percent", "blocks", "entries"], BootAnalysisTables.Profile(a).Columns.Select(c => c.Name));
    }
}
