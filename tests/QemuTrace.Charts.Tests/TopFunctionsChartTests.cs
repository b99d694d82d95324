using QemuTrace.Analysis;
using QemuTrace.Charts.Tests.Support;
using static QemuTrace.Charts.Tests.Support.Figure;

namespace QemuTrace.Charts.Tests;

[Collection(RealBootCollection.Name)]
public class TopFunctionsChartTests(RealBoot boot)
{
    [Fact]
    public void The_top_10_chart_has_10_bars_whose_lengths_are_the_profile_total_ns_in_ms()
    {
        var chart = TopFunctionsChart.Create(boot.Analysis, top: 10);

        var bars = Traces(chart).SelectMany(t => Strings(t, "y").Zip(Doubles(t, "x"))).ToDictionary(b => b.First, b => b.Second);
        var expected = boot.Analysis.Profile.Take(10).ToList();
        Assert.Equal(10, bars.Count);
        Assert.All(expected, row => Assert.Equal(row.TotalNs, (long)Math.Round(bars[row.Function] * 1e6)));
    }

    [Fact]
    public void Bars_are_coloured_by_region_with_one_trace_per_region()
    {
        var chart = TopFunctionsChart.Create(boot.Analysis, top: 20);

        var regions = boot.Analysis.Profile.Take(20).Select(r => BootRegions.Name(r.Region)).Distinct().Order();
        Assert.Equal(regions, Traces(chart).Select(t => Get<string>(t, "name")).Order());
    }

    [Fact]
    public void Pseudo_functions_can_be_left_out_and_the_subtitle_says_what_they_hold()
    {
        var chart = TopFunctionsChart.Create(boot.Analysis, top: 10, pseudoFunctions: false);

        var names = Traces(chart).SelectMany(t => Strings(t, "y")).ToList();
        Assert.Equal(10, names.Count);
        Assert.DoesNotContain(names, n => n.StartsWith('['));
        Assert.Contains("[early-boot] 55.3%", Title(chart));
    }

    [Fact]
    public void Functions_read_top_down_in_profile_order()
    {
        var chart = TopFunctionsChart.Create(boot.Analysis, top: 5);

        var yaxis = Get<DynamicObj.DynamicObj>(Layout(chart), "yaxis");
        Assert.Equal(boot.Analysis.Profile.Take(5).Select(r => r.Function), Values(yaxis, "categoryarray").Cast<string>());
        Assert.Equal("reversed", Get<string>(yaxis, "autorange"));
    }

    [Fact]
    public void The_hover_shows_human_units_and_the_percent()
    {
        var chart = TopFunctionsChart.Create(boot.Analysis, top: 1);

        var trace = Assert.Single(Traces(chart));
        var custom = (object[])Values(trace, "customdata")[0];
        Assert.Equal("3.196 s", custom[0]);
        Assert.Equal("55.30%", custom[1]);
        Assert.Equal(["55.3%"], Strings(trace, "text"));
    }

    [Fact]
    public void Titles_say_the_units_and_that_times_are_exec_tb_samples()
    {
        var chart = TopFunctionsChart.Create(boot.Analysis);

        Assert.Contains("exec_tb", Title(chart));
        Assert.Contains("ms", AxisTitle(chart, "xaxis"));
    }

    [Fact]
    public void An_empty_profile_gives_a_chart_that_says_why()
    {
        var chart = TopFunctionsChart.Create(Array.Empty<FunctionProfileRow>());

        Assert.Empty(Traces(chart));
        Assert.Contains("no exec_tb records", Title(chart));
    }
}
