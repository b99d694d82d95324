using QemuTrace.Charts.Tests.Support;
using static QemuTrace.Charts.Tests.Support.Figure;

namespace QemuTrace.Charts.Tests;

[Collection(RealBootCollection.Name)]
public class BootTimelineChartTests(RealBoot boot)
{
    [Fact]
    public void Each_stage_is_a_bar_from_its_start_to_its_end()
    {
        var chart = BootTimelineChart.Create(boot.Analysis);

        var stages = Traces(chart).Single(t => Get<string>(t, "name") == "stages");
        var stageRows = boot.Analysis.Stages;
        Assert.Equal(stageRows.Count, Strings(stages, "y").Count);
        Assert.Equal(stageRows.Select(s => s.Name), Strings(stages, "y"));
        Assert.Equal(stageRows.Select(s => s.StartNs), Doubles(stages, "base").Select(ms => (long)Math.Round(ms * 1e6)));
        Assert.Equal(stageRows.Select(s => s.DurationNs), Doubles(stages, "x").Select(ms => (long)Math.Round(ms * 1e6)));
    }

    [Fact]
    public void Each_milestone_is_a_labelled_marker_on_its_own_row_with_a_dotted_line()
    {
        var chart = BootTimelineChart.Create(boot.Analysis);

        var milestones = Traces(chart).Single(t => Get<string>(t, "name") == "milestones");
        Assert.Equal(13, boot.Analysis.Milestones.Count);
        Assert.Equal(boot.Analysis.Milestones.Select(m => BootTimelineChart.MilestoneRowPrefix + m.Name), Strings(milestones, "y"));
        Assert.Contains("text", Get<string>(milestones, "mode"));
        Assert.Equal(13, Values(Layout(chart), "shapes").Count);
    }

    [Fact]
    public void Rows_run_top_down_in_time_order_milestones_between_stages()
    {
        var chart = BootTimelineChart.Create(boot.Analysis);

        var rows = Values(Get<DynamicObj.DynamicObj>(Layout(chart), "yaxis"), "categoryarray").Cast<string>().ToList();
        Assert.Equal(BootTimelineChart.MilestoneRowPrefix + "reset vector", rows[0]);
        Assert.Equal(boot.Analysis.Stages[0].Name, rows[1]);
        Assert.Equal(BootTimelineChart.MilestoneRowPrefix + "end of trace", rows[^1]);
    }

    [Fact]
    public void The_time_axis_starts_left_of_zero_so_the_first_diamond_stays_off_the_row_labels()
    {
        var chart = BootTimelineChart.Create(boot.Analysis);

        var range = Values(Get<DynamicObj.DynamicObj>(Layout(chart), "xaxis"), "range").Select(Convert.ToDouble).ToList();
        Assert.True(range[0] < 0, $"axis starts at {range[0]}");
        Assert.True(range[1] > boot.Analysis.Milestones.Max(m => m.TimeNs) / 1e6);
    }
}
