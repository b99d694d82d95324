using QemuTrace.Analysis;
using QemuTrace.Formats;
using QemuTrace.Session;
using QemuTrace.Symbols;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Session;

/// <summary>A session on the real data/ boot with its vmlinux, analysed once and shared by the tests of a class, which only read it.</summary>
public sealed class AnalyzedBootSession
{
    public AnalyzedBootSession()
    {
        Session = TraceSession.Open(RepositoryData.PathOf("boot", "trace-simple-v4.bin.gz"), RepositoryData.PathOf("boot", "trace-events-all"));
        Session.LoadSymbols(new SymbolSources { Vmlinux = RepositoryData.PathOf("boot", "vmlinux-symbols.gz") });
        Analysis = Session.Analyze();
    }

    public TraceSession Session { get; }

    public BootAnalysis Analysis { get; }
}

public class TraceSessionTests(AnalyzedBootSession boot) : IClassFixture<AnalyzedBootSession>
{
    [Fact]
    public void Records_between_two_milestones_start_at_the_first_and_stay_within_the_limit()
    {
        var session = boot.Session;
        var analysis = boot.Analysis;

        var frame = session.RecordsBetween("start_kernel", "first mount", maxRows: 1000);

        Assert.Equal(1000, frame.Rows.Count);
        long start = analysis.Milestones.Single(m => m.Name == "start_kernel").TimeNs;
        Assert.Equal(start, (long)frame["time_ns"][0]);
        Assert.Equal("start_kernel", frame["function"][0]);
        Assert.Equal("kernel", frame["region"][0]);
    }

    [Fact]
    public void The_first_records_are_the_reset_vector_then_the_bios_in_the_firmware_region()
    {
        var frame = boot.Session.Records(maxRows: 3);

        Assert.Equal([0xfffffff0UL, 0UL, 0xfe05bUL], Enumerable.Range(0, 3).Select(i => (ulong)frame["pc"][i]));
        Assert.Equal("[bios]", frame["function"][0]);
        Assert.Equal("exec_tb_exit", frame["event"][1]);
    }

    [Fact]
    public void The_summary_counts_records_per_event_after_a_pass()
    {
        var summary = boot.Session.Summary;

        Assert.Equal(TraceFormat.Simple, summary.Format);
        Assert.Equal(4, summary.LogVersion);
        Assert.Equal(summary.Records, summary.Events.Values.Sum());
        Assert.True(summary.Symbols > 100_000);
    }

    [Fact]
    public void Opening_a_missing_trace_fails_with_the_path()
    {
        var e = Assert.Throws<TraceFormatException>(() => TraceSession.Open("/nonexistent/trace.bin"));

        Assert.Contains("/nonexistent/trace.bin: no such file", e.Message);
    }
}
