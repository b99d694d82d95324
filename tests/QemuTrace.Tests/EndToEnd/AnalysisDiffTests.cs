using QemuTrace.Analysis;
using QemuTrace.Export;
using QemuTrace.Formats;
using QemuTrace.Symbols;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.EndToEnd;

/// <summary>The one analysis of the real data/ boot shared by the whole test run (<see cref="RepositoryData.Boot"/>).</summary>
public sealed class RealBootAnalysis
{
    public BootAnalysis Analysis => RepositoryData.Boot;
}

/// <summary>
/// Compares every analysis verb's TSV with data/expected/analysis, made by an independent Python reference over
/// simpletrace.py's decode and gdb's answers (data/reference/make-analysis-expected.sh).
/// </summary>
public class AnalysisDiffTests(RealBootAnalysis boot) : IClassFixture<RealBootAnalysis>
{
    private static string Tsv(ResultTable table)
    {
        var text = new StringWriter();
        ResultTableWriter.Write(table, "tsv", text);
        return text.ToString();
    }

    private static string Expected(string name) => File.ReadAllText(RepositoryData.PathOf("expected", "analysis", name));

    [Fact]
    public void The_profile_matches_the_reference_line_for_line() =>
        Assert.Equal(Expected("profile.tsv"), Tsv(BootAnalysisTables.Profile(boot.Analysis)));

    [Fact]
    public void First_calls_match_the_reference_line_for_line() =>
        Assert.Equal(Expected("first-calls.tsv"), Tsv(BootAnalysisTables.FirstCalls(boot.Analysis)));

    [Fact]
    public void Milestones_match_the_reference_line_for_line() =>
        Assert.Equal(Expected("milestones.tsv"), Tsv(BootAnalysisTables.Milestones(boot.Analysis)));

    [Fact]
    public void Syscalls_match_the_reference_line_for_line() =>
        Assert.Equal(Expected("syscalls.tsv"), Tsv(BootAnalysisTables.Syscalls(boot.Analysis)));

    [Fact]
    public void The_reboot_call_that_never_returns_has_no_duration_in_any_output_not_minus_one()
    {
        string Write(ResultTable table, string format)
        {
            var text = new StringWriter();
            ResultTableWriter.Write(table, format, text);
            return text.ToString();
        }

        var calls = BootAnalysisTables.Syscalls(boot.Analysis);
        var summary = BootAnalysisTables.SyscallSummary(boot.Analysis);
        Assert.Null(boot.Analysis.Syscalls.Single(s => s.Syscall == "reboot").DurationNs);
        Assert.Null(boot.Analysis.SyscallSummary.Single(s => s.Syscall == "reboot").MaxNs);
        Assert.Contains("\"duration_ns\": null", Write(calls, "json"));
        Assert.Contains("\"max_ns\": null", Write(summary, "json"));
        Assert.Contains(calls.Notes, n => n.StartsWith("duration_ns is empty", StringComparison.Ordinal));
        foreach (var format in new[] { "tsv", "csv", "json", "table" })
        {
            Assert.DoesNotMatch(@"(^|[\s,:])-1([\s,]|$)", Write(calls, format) + Write(summary, format));
        }

        var frame = QemuTrace.Frames.BootAnalysisFrames.SyscallFrame(boot.Analysis);
        Assert.Equal(1, frame.Columns["duration_ns"].NullCount);
    }

    [Fact]
    public void The_boot_reaches_every_stage_from_reset_to_power_off_in_order()
    {
        var names = boot.Analysis.Milestones.Select(m => m.Name).ToList();

        Assert.Equal(
            ["reset vector", "BIOS entry", "compressed kernel (0x100000)", "kernel entry (physical startup_64)", "first kernel virtual address",
             "start_kernel", "first mount", "init exec", "first user instruction", "first syscall", "first mount syscall", "power-off", "end of trace"],
            names);
    }

    [Fact]
    public void Milestones_agree_with_the_kernels_own_printk_times_in_the_console_log()
    {
        // The guest's clock follows the host's under TCG, so printk's time since boot and the trace's time since
        // start_kernel measure the same span: they must agree on when init ran and when the power-off came.
        var console = File.ReadAllLines(RepositoryData.PathOf("boot", "console-simple.txt"));
        double Printk(string text) => double.Parse(
            System.Text.RegularExpressions.Regex.Match(console.First(l => l.Contains(text)), @"\[\s*(\d+\.\d+)\]").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        long At(string milestone) => boot.Analysis.Milestones.Single(m => m.Name == milestone).TimeNs;

        double initPrintk = Printk("Run /init as init process") - Printk("Linux version");
        double powerPrintk = Printk("reboot: Power down") - Printk("Linux version");
        double initTrace = (At("init exec") - At("start_kernel")) / 1e9;
        double powerTrace = (At("power-off") - At("start_kernel")) / 1e9;

        Assert.InRange(initTrace, initPrintk * 0.9 - 0.05, initPrintk * 1.1 + 0.05);
        Assert.InRange(powerTrace, powerPrintk * 0.9 - 0.05, powerPrintk * 1.1 + 0.05);
        Assert.True(initPrintk < powerPrintk && initTrace < powerTrace);
    }

    [Fact]
    public void The_insmod_shows_up_as_the_finit_module_syscall()
    {
        Assert.Contains(boot.Analysis.Syscalls, s => s.Syscall == "finit_module" && s.NamedBy == SyscallNaming.Handler);
    }
}
