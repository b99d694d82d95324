using QemuTrace.Analysis;
using QemuTrace.Session;
using QemuTrace.Symbols;

namespace QemuTrace.Tests.Session;

/// <summary>
/// Issue 14 (notebooks at full speed): an analysis that keeps every function's bins answers a request for more
/// functions without a second pass, with the bins a pass tracking them gives, to the ns.
/// </summary>
public class FunctionBinsTests
{
    private static readonly Lazy<BootAnalysis> Kept = new(() => RepositoryData.AnalyzeBoot(new BootAnalysisOptions { BinNs = 5_000_000, KeepFunctionBins = true }));

    [Fact]
    public void Every_function_of_the_real_boot_gets_the_bins_a_pass_tracking_it_gives()
    {
        var functions = Kept.Value.Profile.Take(12).Select(r => r.Function)
            .Concat(Kept.Value.Profile.TakeLast(3).Select(r => r.Function)).ToList();

        var tracked = RepositoryData.AnalyzeBoot(new BootAnalysisOptions { BinNs = 5_000_000, TrackedFunctions = functions });

        Assert.NotNull(Kept.Value.FunctionBins);
        Assert.Equal(Kept.Value.Profile.Count(r => r.TotalNs > 0), Kept.Value.FunctionBins!.Count);
        foreach (var function in functions)
        {
            var expected = tracked.Bins.ByFunction[function];
            Assert.Equal(expected.Count > 0, Kept.Value.FunctionBins.TryGet(function, out var kept));
            Assert.Equal(expected, kept);
        }
    }

    [Fact]
    public void Kept_bins_sum_to_each_functions_profile_time()
    {
        foreach (var row in Kept.Value.Profile.Take(200))
        {
            Kept.Value.FunctionBins!.TryGet(row.Function, out var bins);
            Assert.Equal(row.TotalNs, bins.Sum());
        }
    }

    [Fact]
    public void A_notebook_session_adds_a_function_to_the_bins_without_a_pass_and_a_cli_session_takes_one()
    {
        var kernel = Kept.Value.Profile.Where(r => r.Region == AddressRegion.Kernel).Select(r => r.Function).ToList();
        string first = kernel[2], second = kernel[9];
        var notebook = Open(keep: true);
        var analysed = notebook.Analyze(new AnalysisRequest { BinNs = 5_000_000 });
        var reference = Open(keep: false).Analyze(new AnalysisRequest { BinNs = 5_000_000, TrackedFunctions = [first, second] });

        var added = notebook.Analyze(new AnalysisRequest { TrackedFunctions = [first] });
        var answered = notebook.Answered(new AnalysisRequest { TrackedFunctions = [second] });

        Assert.True(analysed.IsNew);
        Assert.False(added.IsNew);
        Assert.Same(analysed.Analysis, added.Analysis);
        Assert.NotNull(answered);
        Assert.Equal([first, second], answered!.Analysis.Bins.TrackedFunctions);
        Assert.Equal(reference.Analysis.Bins.ByFunction[first], added.Analysis.Bins.ByFunction[first]);
        Assert.Equal(reference.Analysis.Bins.ByFunction[second], answered.Analysis.Bins.ByFunction[second]);
        Assert.Null(reference.Analysis.FunctionBins);
        var cli = Open(keep: false);
        cli.Analyze(new AnalysisRequest { BinNs = 5_000_000 });
        Assert.Null(cli.Answered(new AnalysisRequest { TrackedFunctions = [first] }));
    }

    private static TraceSession Open(bool keep)
    {
        var session = TraceSession.Open(RepositoryData.PathOf("boot", "trace-simple-v4.bin.gz"), RepositoryData.PathOf("boot", "trace-events-all"));
        session.UseSymbols(new Symbolizer([RepositoryData.Vmlinux]));
        session.KeepFunctionBins = keep;
        return session;
    }
}
