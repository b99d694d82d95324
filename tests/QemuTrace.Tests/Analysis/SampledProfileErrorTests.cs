using QemuTrace.Analysis;
using QemuTrace.Export;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Analysis;

public class SampledProfileErrorTests
{
    private const ulong Kernel = 0xffffffff81000000;

    private static readonly FakeSymbols Symbols = new FakeSymbols()
        .Add("a", Kernel, 0x100)
        .Add("b", Kernel + 0x100, 0x100)
        .Add("c", Kernel + 0x200, 0x100);

    /// <summary>Exact: a 60 ns, b 30 ns, c 10 ns (every block). Sampled: a 50, b 0 (never sampled), c 50.</summary>
    private static SampledProfileError Compare()
    {
        var capture = BlockCaptures.Build(w =>
        {
            w.Add(0, 0, 0x1000000, 1);        // early boot: outside the compared window
            w.Add(0, 1_000, Kernel, 10);      // a 40
            w.Add(0, 1_040, Kernel + 0x100, 3); // b 30
            w.Add(0, 1_070, Kernel + 0x10, 5);  // a 20
            w.Add(0, 1_090, Kernel + 0x200, 2); // c 10
            w.Add(0, 1_100, Kernel + 0x210, 0);
            w.Finish(1_200, 1_200);
        });
        using var exactReader = BlockCaptures.Open(capture);
        var exact = BootAnalyzer.Run(exactReader, Symbols);
        var trace = Traces.Build(4, w =>
        {
            w.WriteMapping(0, "exec_tb");
            w.WriteEvent(0, 5_000, 1, [0, Kernel]);
            w.WriteEvent(0, 5_050, 1, [0, Kernel + 0x200]);
            w.WriteEvent(0, 5_100, 1, [0, Kernel + 0x210]);
        });
        using var sampledReader = Traces.Open(trace);
        var sampled = BootAnalyzer.Run(sampledReader, Symbols);
        return SampledProfileError.Compare(sampled, exact);
    }

    [Fact]
    public void Shares_are_compared_on_the_window_after_kernel_entry_in_exact_order()
    {
        var error = Compare();

        Assert.Equal(["a", "b", "c"], error.Functions.Select(f => f.Function));
        Assert.Equal(100, error.ExactWindowNs);
        Assert.Equal(100, error.SampledWindowNs);
        var (a, b, c) = (error.Functions[0], error.Functions[1], error.Functions[2]);
        Assert.Equal((1, 1, 60.0, 50.0, -10.0), (a.ExactRank, a.SampledRank!.Value, a.ExactPercent, a.SampledPercent, a.ErrorPoints));
        Assert.Null(b.SampledRank);
        Assert.Equal(-30.0, b.ErrorPoints);
        Assert.Equal(5.0, c.Ratio);
        Assert.Equal(15.0 / 20 * 100, a.InstructionPercent);
    }

    [Fact]
    public void The_summary_gives_mean_error_shared_top_and_rank_correlation()
    {
        var error = Compare();

        Assert.Equal((10 + 30 + 40) / 3.0, error.MeanAbsoluteErrorPoints(3), 9);
        Assert.Equal(1, error.SharedTop(1));
        Assert.Equal(2, error.SharedTop(3));
        // Sampled order within the top 3: a (50), c (50, ties by exact rank), b (0): ranks 1,3,2 against 1,2,3.
        Assert.Equal(1 - (6 * 2 / 24.0), error.RankCorrelation(3), 9);
        var table = SampledProfileErrorTable.Create(error, 3);
        Assert.Equal(3, table.Rows.Count);
        Assert.Contains(table.Notes, n => n.StartsWith("Top 3: mean |error| 26.67 percentage points; 2 of the exact top 3", StringComparison.Ordinal));
    }
}
