using QemuTrace.Analysis;
using QemuTrace.Export;
using QemuTrace.Frames;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Export;

public class OneResultModelTests
{
    private const ulong Kernel = 0xffffffff81000000;

    private static BootAnalysis Analysis()
    {
        var symbols = new FakeSymbols().Add("start_kernel", Kernel, 0x100).Add("do_work", Kernel + 0x100, 0x100);
        var bytes = Traces.Build(4, w =>
        {
            w.WriteMapping(0, "exec_tb");
            ulong[] pcs = [0xfffffff0, Kernel, Kernel + 0x100, Kernel + 4, 0x401000];
            for (int i = 0; i < pcs.Length; i++)
            {
                w.WriteEvent(0, 1000 + (ulong)i * 700, 1, [0x7f00, pcs[i]]);
            }
        });
        using var reader = Traces.Open(bytes);
        return BootAnalyzer.Run(reader, symbols, new BootAnalysisOptions { BinNs = 1000, TrackedFunctions = ["do_work"] });
    }

    [Fact]
    public void Every_DataFrame_has_the_columns_and_rows_of_its_TSV_table()
    {
        var a = Analysis();
        var pairs = new (ResultTable Table, Microsoft.Data.Analysis.DataFrame Frame)[]
        {
            (BootAnalysisTables.Profile(a, null), a.ProfileFrame()),
            (BootAnalysisTables.Regions(a), a.RegionFrame()),
            (BootAnalysisTables.FirstCalls(a), a.FirstCallFrame()),
            (BootAnalysisTables.Milestones(a), a.MilestoneFrame()),
            (BootAnalysisTables.Stages(a), a.StageFrame()),
            (BootAnalysisTables.Syscalls(a), a.SyscallFrame()),
            (BootAnalysisTables.SyscallSummary(a), a.SyscallSummaryFrame()),
            (BootAnalysisTables.TimeBins(a), a.TimeBinFrame()),
        };

        foreach (var (table, frame) in pairs)
        {
            Assert.Equal(table.Columns.Select(c => c.Name), frame.Columns.Select(c => c.Name));
            Assert.Equal(table.Rows.Count, frame.Rows.Count);
        }
    }

    [Fact]
    public void The_time_bins_frame_names_its_columns_as_the_tsv_does_with_ns_units_and_tracked_functions()
    {
        var frame = Analysis().TimeBinFrame();

        Assert.Contains("kernel_ns", frame.Columns.Select(c => c.Name));
        Assert.Contains("do_work_ns", frame.Columns.Select(c => c.Name));
        Assert.Equal(700L, frame["do_work_ns"].Cast<long?>().Sum(v => v ?? 0));
    }
}
