using QemuTrace.Charts.Tests.Support;
using static QemuTrace.Charts.Tests.Support.Figure;

namespace QemuTrace.Charts.Tests;

[Collection(RealBootCollection.Name)]
public class BinnedChartTests(RealBoot boot)
{
    [Fact]
    public void The_region_chart_stacks_one_area_per_region_that_ran_summing_to_its_total()
    {
        var chart = RegionTimeChart.Create(boot.Analysis);

        var traces = Traces(chart);
        var regions = boot.Analysis.Regions.Where(r => r.TotalNs > 0).ToList();
        Assert.Equal(regions.Count, traces.Count);
        foreach (var region in regions)
        {
            var trace = traces.Single(t => Get<string>(t, "name") == QemuTrace.Analysis.BootRegions.Name(region.Region));
            Assert.Equal("regions", Get<string>(trace, "stackgroup"));
            Assert.Equal(boot.Analysis.Bins.Count + 1, Doubles(trace, "y").Count);
            Assert.Equal(region.TotalNs, Doubles(trace, "y").SkipLast(1).Sum() * 1e6, tolerance: 1_000);
        }
    }

    [Fact]
    public void A_region_chart_with_more_bins_than_pixels_sums_adjacent_bins_keeping_every_total_and_says_so()
    {
        var kernel = Enumerable.Range(0, 100_000).Select(i => (long)(i % 7) * 100).ToList();
        var user = Enumerable.Range(0, 99_000).Select(i => (long)(i % 3)).ToList();

        var chart = RegionTimeChart.Create(1_000, new Dictionary<QemuTrace.Symbols.AddressRegion, IReadOnlyList<long>>
        {
            [QemuTrace.Symbols.AddressRegion.Kernel] = kernel,
            [QemuTrace.Symbols.AddressRegion.User] = user,
        });

        var traces = Traces(chart);
        Assert.Equal(2, traces.Count);
        foreach (var (trace, ns) in traces.Zip(new[] { kernel, user }))
        {
            var y = Doubles(trace, "y");
            Assert.Equal(2_001, y.Count);
            Assert.Equal(ns.Sum(), y.SkipLast(1).Sum() * 1e6, tolerance: 1);
        }

        Assert.Contains("100,000 bins of 1 ", Title(chart));
        Assert.Contains("summed 50 to 1 into 2,000 bins of 50 ", Title(chart));
        Assert.Contains("per 50 &#181;s bin", AxisTitle(chart, "yaxis"));
    }

    [Fact]
    public void The_region_chart_says_the_bin_width_and_the_units()
    {
        var chart = RegionTimeChart.Create(boot.Analysis);

        Assert.Contains("per 10 ms bin", AxisTitle(chart, "yaxis"));
        Assert.DoesNotContain("10.000", Title(chart) + AxisTitle(chart, "yaxis"));
        Assert.Contains("exec_tb", Title(chart));
    }

    [Fact]
    public void The_activity_chart_draws_each_tracked_function_summing_to_its_profile_time()
    {
        var chart = FunctionActivityChart.Create(boot.Analysis);

        var traces = Traces(chart);
        Assert.Equal(RealBoot.Tracked.Length, traces.Count);
        foreach (var function in RealBoot.Tracked)
        {
            var trace = traces.Single(t => Get<string>(t, "name").StartsWith(function + " ", StringComparison.Ordinal));
            var total = boot.Analysis.Profile.Single(r => r.Function == function).TotalNs;
            Assert.Equal(total, Doubles(trace, "y").SkipLast(1).Sum() * 1e6, tolerance: 1_000);
        }
    }

    [Fact]
    public void The_last_bin_is_drawn_as_wide_as_the_others_so_a_region_that_only_runs_at_the_end_shows()
    {
        // With 500 ms bins user space and modules run only in the last bin; a step line needs its closing point.
        const long bin = 500_000_000;
        var chart = RegionTimeChart.Create(bin, new Dictionary<QemuTrace.Symbols.AddressRegion, IReadOnlyList<long>>
        {
            [QemuTrace.Symbols.AddressRegion.Kernel] = [400_000_000, 300_000_000, 100_000_000],
            [QemuTrace.Symbols.AddressRegion.User] = [0, 0, 50_000_000],
        });

        var user = Traces(chart).Single(t => Get<string>(t, "name") == "user");
        var x = Doubles(user, "x");
        var y = Doubles(user, "y");
        Assert.Equal([0.0, 500.0, 1000.0, 1500.0], x);
        Assert.Equal(50.0, y[^1]);
        Assert.Equal(y[^2], y[^1]);
    }

    [Fact]
    public void The_activity_chart_runs_to_the_end_of_the_trace_with_its_legend_below_the_plot()
    {
        var chart = FunctionActivityChart.Create(boot.Analysis, "text_poke_early");

        var x = Doubles(Assert.Single(Traces(chart)), "x");
        Assert.True(x[^1] >= boot.Analysis.DurationNs / 1e6, $"axis ends at {x[^1]} ms, the trace at {boot.Analysis.DurationNs / 1e6} ms");
        var legend = Get<DynamicObj.DynamicObj>(Layout(chart), "legend");
        Assert.True(Convert.ToDouble(legend.GetPropertyValue("y")) < 0);
    }

    [Fact]
    public void The_activity_chart_of_one_function_is_titled_with_its_name()
    {
        var chart = FunctionActivityChart.Create(boot.Analysis, "text_poke_early");

        Assert.Single(Traces(chart));
        Assert.Contains("text_poke_early", Title(chart));
    }

    [Fact]
    public void Asking_for_an_untracked_function_says_how_to_track_it()
    {
        var error = Assert.Throws<ArgumentException>(() => FunctionActivityChart.Create(boot.Analysis, "start_kernel"));

        Assert.Contains("--function start_kernel", error.Message);
        Assert.Contains("text_poke_early", error.Message);
    }
}
