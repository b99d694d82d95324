using QemuTrace.Analysis;
using QemuTrace.Charts.Tests.Support;
using static QemuTrace.Charts.Tests.Support.Figure;

namespace QemuTrace.Charts.Tests;

[Collection(RealBootCollection.Name)]
public class FirstCallsChartTests(RealBoot boot)
{
    [Fact]
    public void Every_first_call_is_one_point_at_its_time_and_rank()
    {
        var chart = FirstCallsChart.Create(boot.Analysis);

        var points = Traces(chart).SelectMany(t => Doubles(t, "x").Zip(Doubles(t, "y"))).OrderBy(p => p.Second).ToList();
        Assert.Equal(boot.Analysis.FirstCalls.Count, points.Count);
        Assert.Equal(boot.Analysis.FirstCalls.Select(f => f.TimeNs), points.Select(p => (long)Math.Round(p.First * 1e6)));
        Assert.Equal(Enumerable.Range(1, points.Count).Select(i => (double)i), points.Select(p => p.Second));
    }

    [Fact]
    public void Points_are_coloured_by_the_region_of_their_function()
    {
        var chart = FirstCallsChart.Create(boot.Analysis);

        var kernel = Traces(chart).Single(t => Get<string>(t, "name") == "kernel");
        var kernelFunctions = boot.Analysis.Profile.Count(r => r.Region == QemuTrace.Symbols.AddressRegion.Kernel);
        Assert.Equal(kernelFunctions, Doubles(kernel, "x").Count);
    }

    [Fact]
    public void Labels_in_one_lane_leave_room_for_each_other()
    {
        var chart = FirstCallsChart.Create(boot.Analysis);

        double spanMs = boot.Analysis.FirstCalls.Max(c => c.TimeNs) / 1e6;
        var labels = Values(Layout(chart), "annotations").Cast<DynamicObj.DynamicObj>()
            .Select(a => (X: Convert.ToDouble(a.GetPropertyValue("x")), Lane: Convert.ToInt32(a.GetPropertyValue("ay")), Text: Get<string>(a, "text")))
            .ToList();
        Assert.Equal(12, labels.Count);
        foreach (var lane in labels.GroupBy(l => l.Lane))
        {
            var ordered = lane.OrderBy(l => l.X).ToList();
            for (int i = 1; i < ordered.Count; i++)
            {
                // A label reaches left of its point by its text (7 px a character) and arrow, on a 900 px wide plot.
                double leftEdge = ordered[i].X - ((24 + (7 * ordered[i].Text.Length)) * spanMs / 900);
                Assert.True(leftEdge > ordered[i - 1].X, $"`{ordered[i].Text}` overlaps `{ordered[i - 1].Text}` in lane {lane.Key}");
            }
        }
    }

    [Fact]
    public void The_functions_with_the_most_time_are_labelled()
    {
        var chart = FirstCallsChart.Create(boot.Analysis, labels: 5);

        var labels = Values(Layout(chart), "annotations").Select(a => Get<string>((DynamicObj.DynamicObj)a, "text")).Order();
        Assert.Equal(boot.Analysis.Profile.Where(r => !r.Function.StartsWith('[')).Take(5).Select(r => r.Function).Order(), labels);
    }

    [Fact]
    public void No_first_calls_gives_a_chart_that_says_why()
    {
        var chart = FirstCallsChart.Create(Array.Empty<FirstCallRow>(), Array.Empty<FunctionProfileRow>());

        Assert.Empty(Traces(chart));
    }
}
