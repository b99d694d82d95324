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
            Assert.Equal(boot.Analysis.Bins.Count, Doubles(trace, "y").Count);
            Assert.Equal(region.TotalNs, Doubles(trace, "y").Sum() * 1e6, tolerance: 1_000);
        }
    }

    [Fact]
    public void The_region_chart_says_the_bin_width_and_the_units()
    {
        var chart = RegionTimeChart.Create(boot.Analysis);

        Assert.Contains("10.000 ms bin", AxisTitle(chart, "yaxis"));
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
            Assert.Equal(total, Doubles(trace, "y").Sum() * 1e6, tolerance: 1_000);
        }
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
