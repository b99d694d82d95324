using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Events;

namespace QemuTrace.Interactive.Tests;

[Collection(LoadedBootCollection.Name)]
public sealed class AnalysisCommandTests(LoadedBootKernel loaded)
{
    private TraceKernel Kernel => loaded.Trace;

    [Fact]
    public async Task Profile_shows_regions_and_top_functions_and_binds_profile_and_regions()
    {
        var result = await Kernel.SucceedAsync("#!trace profile --top 10");
        var html = TraceKernel.Html(result);
        var top = CoreReference.Boot.Profile[0];
        Assert.Contains(top.Function, html);
        Assert.Contains("first 10 of", html);
        Assert.Equal(top.Function, await Kernel.EvaluateAsync("(string)profile[\"function\"][0]"));
        Assert.Equal(top.TotalNs, await Kernel.EvaluateAsync("(long)profile[\"total_ns\"][0]"));
        Assert.Equal((long)CoreReference.Boot.Profile.Count, await Kernel.EvaluateAsync("profile.Rows.Count"));
        Assert.Equal(CoreReference.Boot.Regions.Sum(r => r.TotalNs), await Kernel.EvaluateAsync("regions[\"total_ns\"].Cast<long?>().Sum()"));
    }

    [Fact]
    public async Task Sql_queries_the_boot_tables_with_duckdb_and_binds_a_dataframe()
    {
        var result = await Kernel.SucceedAsync("#!trace sql \"SELECT count(*) AS calls, sum(duration_ns) AS total_ns FROM syscalls\" --name q");
        Assert.Contains("calls", TraceKernel.Html(result));
        var boot = CoreReference.Boot;
        Assert.Equal((long)boot.Syscalls.Count, await Kernel.EvaluateAsync("(long)q[\"calls\"][0]"));
        Assert.Equal(boot.Syscalls.Sum(s => s.DurationNs ?? 0), await Kernel.EvaluateAsync("(long)q[\"total_ns\"][0]"));
        await Kernel.SucceedAsync("#!trace sql \"SELECT count(*) AS n FROM records\" --name r");
        Assert.Equal(boot.Records, await Kernel.EvaluateAsync("(long)r[\"n\"][0]"));
    }

    [Fact]
    public async Task Profile_with_a_name_binds_that_name_and_its_regions()
    {
        await Kernel.SucceedAsync("#!trace profile --name p");
        Assert.IsType<DataFrame>(await Kernel.EvaluateAsync("pRegions"));
        Assert.IsType<DataFrame>(await Kernel.EvaluateAsync("p"));
    }

    [Fact]
    public async Task The_analysis_runs_once_and_is_bound_as_analysis()
    {
        await Kernel.SucceedAsync("#!trace profile");
        var again = await Kernel.SucceedAsync("#!trace first-calls");
        Assert.DoesNotContain("qtrace-progress", TraceKernel.Html(again));
        Assert.Equal(CoreReference.Boot.Records, await Kernel.EvaluateAsync("analysis.Records"));
    }

    [Fact]
    public async Task First_calls_bind_firstCalls_in_boot_order()
    {
        var result = await Kernel.SucceedAsync("#!trace first-calls --top 5");
        Assert.Contains(CoreReference.Boot.FirstCalls[0].Function, TraceKernel.Html(result));
        Assert.Equal((long)CoreReference.Boot.FirstCalls.Count, await Kernel.EvaluateAsync("firstCalls.Rows.Count"));
        Assert.Equal(true, await Kernel.EvaluateAsync("firstCalls[\"time_ns\"].Cast<long?>().Zip(firstCalls[\"time_ns\"].Cast<long?>().Skip(1)).All(p => p.First <= p.Second)"));
    }

    [Fact]
    public async Task Milestones_bind_milestones_and_stages()
    {
        var result = await Kernel.SucceedAsync("#!trace milestones");
        var html = TraceKernel.Html(result);
        Assert.Contains("start_kernel", html);
        Assert.Contains("power-off", html);
        var startKernel = CoreReference.Boot.Milestones.Single(m => m.Name == "start_kernel").TimeNs;
        Assert.Equal(startKernel, await Kernel.EvaluateAsync("milestones.Rows.Where(r => (string)r[\"milestone\"] == \"start_kernel\").Select(r => (long)r[\"time_ns\"]).Single()"));
        Assert.Equal((long)CoreReference.Boot.Stages.Count, await Kernel.EvaluateAsync("stages.Rows.Count"));
    }

    [Fact]
    public async Task Syscalls_bind_every_call_and_the_per_name_summary()
    {
        var result = await Kernel.SucceedAsync("#!trace syscalls --top 5");
        Assert.Contains("finit_module", TraceKernel.Html(result));
        Assert.Equal((long)CoreReference.Boot.Syscalls.Count, await Kernel.EvaluateAsync("syscalls.Rows.Count"));
        Assert.Equal((long)CoreReference.Boot.SyscallSummary.Count, await Kernel.EvaluateAsync("syscallSummary.Rows.Count"));
    }

    [Fact]
    public async Task Timeline_bins_the_boot_at_the_chosen_width_and_tracks_functions()
    {
        await Kernel.SucceedAsync("#!trace time-bins --bin 100ms --function text_poke_early --function kmem_cache_alloc");
        var bins = (long)(await Kernel.EvaluateAsync("timeBins.Rows.Count"))!;
        Assert.InRange(bins, CoreReference.Boot.DurationNs / 100_000_000, CoreReference.Boot.DurationNs / 100_000_000 + 1);
        Assert.Equal(100_000_000L, await Kernel.EvaluateAsync("(long)timeBins[\"bin_start_ns\"][1]"));
        Assert.Equal(true, await Kernel.EvaluateAsync("timeBins.Columns.Any(c => c.Name == \"text_poke_early_ns\") && timeBins.Columns.Any(c => c.Name == \"kmem_cache_alloc_ns\")"));
    }

    [Fact]
    public async Task A_zero_bin_fails()
    {
        var result = await Kernel.SubmitAsync("#!trace time-bins --bin 0");
        Assert.Contains("--bin", Assert.Single(result.Events.OfType<CommandFailed>()).Message);
    }

    [Fact]
    public async Task Records_between_two_milestones_are_a_symbolized_data_frame()
    {
        await Kernel.SucceedAsync("#!trace records --after \"start_kernel\" --before \"first mount\" --max-rows 1000 --name early");
        Assert.Equal(1000L, await Kernel.EvaluateAsync("early.Rows.Count"));
        Assert.Equal("start_kernel", await Kernel.EvaluateAsync("(string)early[\"function\"][0]"));
    }

    [Fact]
    public async Task Records_between_an_unknown_milestone_fail_listing_the_known_ones()
    {
        var result = await Kernel.SubmitAsync("#!trace records --after \"nope\" --before \"first mount\"");
        Assert.Contains("start_kernel", Assert.Single(result.Events.OfType<CommandFailed>()).Message);
    }
}
