using Plotly.NET;
using QemuTrace.Analysis;
using QemuTrace.Export;
using static QemuTrace.Charts.ChartStyle;

namespace QemuTrace.Charts;

/// <summary>
/// Userspace's system calls over the boot: a row per syscall name, each call a bar from its entry to its return,
/// coloured by name (unnamed <c>?</c> in grey); the hover says how the name was found.
/// </summary>
public static class SyscallTimelineChart
{
    /// <summary>The syscalls of an analysis.</summary>
    public static GenericChart Create(BootAnalysis analysis) => Create(analysis.Syscalls);

    /// <summary>One bar trace per syscall name (rows in order of first use), one bar per call; calls that never returned before the trace ended get no length.</summary>
    public static GenericChart Create(IReadOnlyList<SyscallRow> syscalls)
    {
        const string title = "System calls over the boot";
        if (syscalls.Count == 0)
        {
            return Empty(title, "No syscall entries (entry_SYSCALL_64 and kin) in the trace: are kernel symbols loaded?");
        }

        var byName = syscalls.GroupBy(s => s.Syscall, StringComparer.Ordinal).ToList();
        var colourRank = byName.OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Where(g => g.Key != "?").Select((g, i) => (g.Key, i)).ToDictionary(x => x.Key, x => x.i, StringComparer.Ordinal);
        var traces = byName.Select(group =>
        {
            var colour = group.Key == "?" ? ChartPalette.Unknown : ChartPalette.Categorical(colourRank[group.Key]);
            return (Trace)Trace("bar",
                ("name", $"{group.Key} ({group.Count():N0})"),
                ("orientation", "h"),
                ("y", group.Select(_ => group.Key).ToArray()),
                ("base", group.Select(s => Ms(s.TimeNs)).ToArray()),
                ("x", group.Select(s => Ms(s.DurationNs ?? 0)).ToArray()),
                ("customdata", group.Select(s => new object[]
                {
                    Duration(s.TimeNs),
                    s.DurationNs is long d ? Duration(d) : "no return before the trace ended",
                    BootAnalysisTables.NamedBy(s.NamedBy),
                    "0x" + s.UserPc.ToString("x", Invariant),
                }).ToArray()),
                ("hovertemplate", "<b>%{y}</b> at %{customdata[0]}<br>duration: %{customdata[1]}<br>named by: %{customdata[2]}<br>last user pc: %{customdata[3]}<extra></extra>"),
                // The outline keeps microsecond-long calls visible as a 1 px line on an axis of seconds.
                ("marker", Obj(("color", colour), ("line", Obj(("color", colour), ("width", 1))))),
                ("width", 0.7));
        }).ToList();

        var names = byName.Select(g => g.Key).ToArray();
        var named = syscalls.Count(s => s.NamedBy != SyscallNaming.None);
        var layout = Layout(title,
            $"{syscalls.Count:N0} calls, {named:N0} named ({100.0 * named / syscalls.Count:F0}%), the rest ? (grey); bar: entry to the next user-space record; " + SampleNote,
            AxisTimeMs, "syscall", 130 + (22 * names.Length));
        SetAxis(layout, "yaxis", "categoryorder", "array");
        SetAxis(layout, "yaxis", "categoryarray", names);
        SetAxis(layout, "yaxis", "autorange", "reversed");
        layout.SetProperty("barmode", "overlay");
        layout.SetProperty("showlegend", false);
        return Chart(traces, layout);
    }
}
