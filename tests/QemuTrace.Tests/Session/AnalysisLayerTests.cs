using QemuTrace.Analysis;
using QemuTrace.Session;
using QemuTrace.Symbols;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Session;

/// <summary>Issue 9 item 1: the rules both front ends go through, in the session layer.</summary>
public sealed class AnalysisLayerTests : IDisposable
{
    private readonly TempFiles _files = new();

    private static TraceSession Loaded(string? trace = null)
    {
        var session = TraceSession.Open(trace ?? RealTraceBytes.TracePath, RealTraceBytes.EventsPath);
        session.LoadSymbols(new SymbolSources { Vmlinux = RepositoryData.PathOf("boot", "vmlinux-symbols.gz") });
        return session;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(99_999)]
    public void A_bin_narrower_than_a_tenth_of_a_millisecond_is_refused_naming_the_option(long binNs)
    {
        var e = Assert.Throws<InputException>(() => BinWidth.Check(binNs, "--bin"));

        Assert.Equal("--bin", e.Input);
        Assert.Equal($"--bin: a bin of {binNs} ns is too narrow; give at least 0.1 ms (100000 ns), e.g. 10 ms", e.Message);
    }

    [Fact]
    public void A_bin_that_would_cut_the_trace_into_more_bins_than_are_kept_is_refused_once_the_duration_is_known()
    {
        long duration = 1_000L * 1_000_000_000; // a 1000 s trace
        Assert.Equal(BinWidth.MinimumNs, BinWidth.Check(BinWidth.MinimumNs, "--bin"));

        var e = Assert.Throws<InputException>(() => BinWidth.Check(BinWidth.MinimumNs, "--bin", duration));

        Assert.Contains($"into more than {TimeBins.MaxBins} bins", e.Detail);
        Assert.EndsWith(" ns", e.Detail);
        var words = e.Detail.Split(' ');
        long least = long.Parse(words[^2]);
        Assert.Equal(least, BinWidth.Check(least, "--bin", duration));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-1.0)]
    [InlineData(0.0)]
    [InlineData(0.05)]
    public void Bin_milliseconds_that_are_not_a_usable_width_are_refused(double milliseconds)
    {
        Assert.Throws<InputException>(() => BinWidth.FromMilliseconds(milliseconds, "--bin-ms"));
    }

    [Fact]
    public void Ten_milliseconds_is_ten_million_ns_and_the_default()
    {
        Assert.Equal(BinWidth.DefaultNs, BinWidth.FromMilliseconds(10, "--bin-ms"));
    }

    [Theory]
    [InlineData("0", null)]
    [InlineData("7", 7)]
    public void Top_zero_means_every_row(string text, int? expected)
    {
        Assert.Equal(expected, RowCount.Parse(text, "--top"));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("lots")]
    [InlineData("2.5")]
    public void Top_must_be_a_whole_number_of_rows(string text)
    {
        var e = Assert.Throws<InputException>(() => RowCount.Parse(text, "--top"));

        Assert.Equal($"--top: expected a number of rows >= 0 (0: all rows), not `{text}`; e.g. --top 10", e.Message);
    }

    [Fact]
    public void A_second_request_the_last_analysis_answers_runs_no_pass()
    {
        var session = Loaded();
        var first = session.Analyze(new AnalysisRequest { BinNs = 50_000_000, TrackedFunctions = ["__text_poke"] });

        var again = session.Analyze(new AnalysisRequest());
        var answered = session.Answered(new AnalysisRequest { TrackedFunctions = ["__text_poke"] });

        Assert.True(first.IsNew);
        Assert.False(again.IsNew);
        Assert.Same(first.Analysis, again.Analysis);
        Assert.Same(first.Analysis, answered!.Analysis);
        Assert.Equal(50_000_000, again.Analysis.Bins.BinNs);
    }

    [Fact]
    public void A_new_pass_keeps_tracking_the_functions_of_the_last_one()
    {
        var session = Loaded();
        session.Analyze(new AnalysisRequest { TrackedFunctions = ["__text_poke"] });

        var second = session.Analyze(new AnalysisRequest { BinNs = 20_000_000, TrackedFunctions = ["start_kernel"] });

        Assert.True(second.IsNew);
        Assert.Equal(["__text_poke", "start_kernel"], second.Analysis.Bins.TrackedFunctions);
        Assert.Null(session.Answered(new AnalysisRequest { BinNs = 10_000_000 }));
    }

    [Fact]
    public void A_function_that_never_ran_is_refused_and_the_last_analysis_is_kept()
    {
        var session = Loaded();
        var kept = session.Analyze(new AnalysisRequest()).Analysis;

        var e = Assert.Throws<InputException>(() => session.Analyze(new AnalysisRequest { TrackedFunctions = ["text_poke"], FunctionOption = "--function" }));

        Assert.Equal("--function", e.Input);
        Assert.StartsWith("`text_poke` never ran in this trace", e.Detail);
        Assert.Contains("__text_poke", e.Detail);
        Assert.Same(kept, session.Analysis);
    }

    [Fact]
    public void A_function_that_never_ran_is_refused_after_a_first_pass_too()
    {
        var session = Loaded();

        var e = Assert.Throws<InputException>(() => session.Analyze(new AnalysisRequest { TrackedFunctions = ["no_such_fn"] }));

        Assert.Equal("--function", e.Input);
        Assert.Null(session.Analysis);
    }

    [Fact]
    public void A_truncated_trace_carries_the_truncation_warning_once_worded_by_the_core()
    {
        var trace = _files.Write("prefix.bin", RealTraceBytes.Prefix);

        var result = Loaded(trace).Analyze(new AnalysisRequest());

        var truncation = Assert.Single(result.Warnings, w => w.Contains("ends inside a record", StringComparison.Ordinal));
        Assert.StartsWith($"{trace}: the trace ends inside a record starting at byte offset ", truncation);
        Assert.True(result.HasTimestamps);
        Assert.Equal(result.Warnings, result.WarningsForMachineFormats(trace));
    }

    [Fact]
    public void The_bundled_boot_has_no_warnings()
    {
        Assert.Empty(Loaded().Analyze(new AnalysisRequest()).Warnings);
    }

    public void Dispose() => _files.Dispose();
}
