using Plotly.NET;
using QemuTrace.Charts.Isolation;

namespace QemuTrace.Charts;

/// <summary>The standard charts by name (<see cref="ChartKinds"/>), from a <see cref="ChartPayload"/>: the one dispatch the CLI, the report and the isolation facade share.</summary>
public static class BootCharts
{
    /// <summary>The chart <paramref name="kind"/> of <paramref name="payload"/>; an <see cref="ArgumentException"/> for an unknown kind or untracked function.</summary>
    public static GenericChart Create(string kind, ChartPayload payload) => ChartKinds.Check(kind) switch
    {
        ChartKinds.TopFunctions => TopFunctionsChart.Create(payload.Profile, payload.Top, payload.PseudoFunctions),
        ChartKinds.BootTimeline => BootTimelineChart.Create(payload.Stages, payload.Milestones),
        ChartKinds.FirstCalls => FirstCallsChart.Create(payload.FirstCalls, payload.Profile),
        ChartKinds.Syscalls => SyscallTimelineChart.Create(payload.Syscalls),
        ChartKinds.AddressSpaces => AddressSpaceChart.Create(payload.Syscalls),
        ChartKinds.Regions => RegionTimeChart.Create(payload.BinNs, payload.RegionBins),
        _ => FunctionActivityChart.Create(payload.BinNs, payload.FunctionBins, payload.Functions, payload.DurationNs),
    };

    /// <summary>Every standard chart in report order, leaving out the activity chart when no function was tracked and the address spaces when no syscall has registers.</summary>
    public static IEnumerable<(string Kind, GenericChart Chart)> All(ChartPayload payload) =>
        ChartKinds.All
            .Where(kind => kind != ChartKinds.FunctionActivity || payload.FunctionBins.Count > 0)
            .Where(kind => kind != ChartKinds.AddressSpaces || payload.Syscalls.Any(s => s.Registers is not null))
            .Select(kind => (kind, Create(kind, payload)));
}
