using QemuTrace.Charts.Tests.Support;
using static QemuTrace.Charts.Tests.Support.Figure;

namespace QemuTrace.Charts.Tests;

[Collection(RealBootCollection.Name)]
public class SyscallTimelineChartTests(RealBoot boot)
{
    [Fact]
    public void Every_syscall_is_one_bar_from_its_entry_for_its_duration()
    {
        var chart = SyscallTimelineChart.Create(boot.Analysis);

        var bars = Traces(chart).SelectMany(t => Doubles(t, "base").Zip(Doubles(t, "x"))).OrderBy(b => b.First).ToList();
        var syscalls = boot.Analysis.Syscalls;
        Assert.Equal(syscalls.Count, bars.Count);
        Assert.Equal(syscalls.Select(s => s.TimeNs), bars.Select(b => (long)Math.Round(b.First * 1e6)));
        Assert.Equal(syscalls.Select(s => s.DurationNs ?? 0).Order(), bars.Select(b => (long)Math.Round(b.Second * 1e6)).Order());
    }

    [Fact]
    public void There_is_one_trace_per_syscall_name_and_unknowns_are_grey()
    {
        var chart = SyscallTimelineChart.Create(boot.Analysis);

        var traces = Traces(chart);
        Assert.Equal(boot.Analysis.Syscalls.Select(s => s.Syscall).Distinct().Count(), traces.Count);
        var unknown = traces.Single(t => Get<string>(t, "name").StartsWith("? ", StringComparison.Ordinal));
        Assert.Equal(ChartPalette.Unknown, Get<string>(Get<DynamicObj.DynamicObj>(unknown, "marker"), "color"));
        var others = traces.Where(t => t != unknown).Select(t => Get<string>(Get<DynamicObj.DynamicObj>(t, "marker"), "color"));
        Assert.DoesNotContain(ChartPalette.Unknown, others);
    }

    [Fact]
    public void The_hover_says_how_each_name_was_found()
    {
        var chart = SyscallTimelineChart.Create(boot.Analysis);

        var namings = Traces(chart).SelectMany(t => Values(t, "customdata")).Select(c => (string)((object[])c)[2]).ToHashSet();
        Assert.Subset(new HashSet<string> { "handler", "inferred", "none" }, namings);
        Assert.Contains("named by", Get<string>(Traces(chart)[0], "hovertemplate"));
    }
}
