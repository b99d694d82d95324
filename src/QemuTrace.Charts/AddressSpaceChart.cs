using Plotly.NET;
using QemuTrace.Analysis;
using static QemuTrace.Charts.ChartStyle;

namespace QemuTrace.Charts;

/// <summary>
/// The system calls per address space (CR3) on a capture with register dumps: one row per life of a CR3
/// (<see cref="AddressSpaces"/>), a tick per syscall at its entry, a thin line from a life's first to its last syscall,
/// and the calls that mark a process's life drawn on top: execve (new program image), clone (a child starts in a new
/// address space) and exit_group (the process ends).
/// </summary>
public static class AddressSpaceChart
{
    private const string Title = "System calls per address space (CR3)";

    /// <summary>The marked calls, in legend order: legend name, which syscalls, plotly marker symbol, colour.</summary>
    private static readonly (string Name, Func<string, bool> Is, string Symbol, string Colour)[] LifeMarks =
    [
        ("execve", AddressSpaces.IsExecve, "star", "#2ca02c"),
        ("clone", AddressSpaces.IsClone, "triangle-right", "#1f77b4"),
        ("exit_group", AddressSpaces.IsExit, "x", "#d62728"),
    ];

    /// <summary>The syscalls of an analysis.</summary>
    public static GenericChart Create(BootAnalysis analysis) => Create(analysis.Syscalls);

    /// <summary>
    /// Traces, in order: the lives (one line trace, gaps between rows), every syscall with registers (one marker trace),
    /// then one marker trace per life mark (execve, clone, exit_group) holding exactly those calls. Syscalls without a
    /// register dump have no CR3 and are left out (the subtitle counts them).
    /// </summary>
    public static GenericChart Create(IReadOnlyList<SyscallRow> syscalls)
    {
        var lives = AddressSpaces.Lives(syscalls);
        if (lives.Count == 0)
        {
            return Empty(Title, syscalls.Count == 0
                ? "No syscall entries in the trace: are kernel symbols loaded?"
                : "No register dumps at the syscall entries, so no CR3: record with `qtrace record --mode syscalls` to see the address spaces.");
        }

        var labels = Labels(lives);
        var rowOf = new Dictionary<SyscallRow, string>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < lives.Count; i++)
        {
            foreach (var s in lives[i])
            {
                rowOf[s] = labels[i];
            }
        }

        var all = lives.SelectMany(l => l).OrderBy(s => s.TimeNs).ToList();
        var traces = new List<Trace>
        {
            // A life's extent as one line trace: two points per row and a null between rows breaks the line.
            Trace("scatter",
                ("name", "life: first to last syscall"),
                ("mode", "lines"),
                ("x", lives.SelectMany(l => new object?[] { Ms(l[0].TimeNs), Ms(l[^1].TimeNs), null }).ToArray()),
                ("y", labels.SelectMany(label => new object?[] { label, label, null }).ToArray()),
                ("line", Obj(("color", "#c7c7c7"), ("width", 2))),
                ("hoverinfo", "skip")),
            Marks($"syscall ({all.Count:N0})", all, rowOf, "line-ns-open", "#5b6770", 9),
        };
        foreach (var (name, isMark, symbol, colour) in LifeMarks)
        {
            var marked = all.Where(s => isMark(s.Syscall)).ToList();
            traces.Add(Marks($"{name} ({marked.Count:N0})", marked, rowOf, symbol, colour, 11));
        }

        int without = syscalls.Count - all.Count;
        var subtitle = $"{all.Count:N0} syscalls in {lives.Count:N0} address spaces (a CR3 reused after exit_group starts a new row, #2...)"
            + (without > 0 ? $"; {without:N0} without a register dump left out" : "")
            + "; hover a mark for its name, number, duration, arguments and call site";
        var layout = Layout(Title, subtitle, AxisTimeMs, "address space (CR3)", Math.Max(320, 150 + (20 * lives.Count)));
        // Whole milliseconds with a thousands separator (30,100), not plotly's SI "30.1k" for a boot tens of seconds long.
        SetAxis(layout, "xaxis", "tickformat", ",~f");
        SetAxis(layout, "yaxis", "type", "category");
        SetAxis(layout, "yaxis", "categoryorder", "array");
        SetAxis(layout, "yaxis", "categoryarray", labels);
        SetAxis(layout, "yaxis", "autorange", "reversed");
        SetAxis(layout, "yaxis", "tickfont", Obj(("family", "monospace"), ("size", 11)));
        layout.SetProperty("legend", Obj(("orientation", "h"), ("x", 0.0), ("xanchor", "left"), ("y", 1.0), ("yanchor", "bottom")));
        layout.SetProperty("margin", Obj(("l", 10), ("r", 30), ("t", 110), ("b", 60)));
        layout.SetProperty("hovermode", "closest");
        return Chart(traces, layout);
    }

    /// <summary>A row label per life: the CR3 in hex, with <c>#2</c>, <c>#3</c>... for later lives of a reused CR3.</summary>
    public static IReadOnlyList<string> Labels(IReadOnlyList<IReadOnlyList<SyscallRow>> lives)
    {
        var seen = new Dictionary<ulong, int>();
        return lives.Select(life =>
        {
            ulong cr3 = life[0].Registers!.Cr3;
            int n = seen[cr3] = seen.GetValueOrDefault(cr3) + 1;
            return "0x" + cr3.ToString("x", Invariant) + (n > 1 ? $" #{n}" : "");
        }).ToList();
    }

    private static Trace Marks(string name, IReadOnlyList<SyscallRow> calls, Dictionary<SyscallRow, string> rowOf, string symbol, string colour, int size) =>
        Trace("scatter",
            ("name", name),
            ("mode", "markers"),
            ("x", calls.Select(s => Ms(s.TimeNs)).ToArray()),
            ("y", calls.Select(s => rowOf[s]).ToArray()),
            ("customdata", calls.Select(s => new object[]
            {
                s.Syscall,
                s.Registers!.Number,
                s.DurationNs is long d ? Duration(d) : "no return before the trace ended",
                Arguments(s.Registers),
                CallSite(s.Registers),
                Duration(s.TimeNs),
            }).ToArray()),
            ("hovertemplate", "<b>%{customdata[0]}</b> (%{customdata[1]}) at %{customdata[5]} in %{y}<br>duration: %{customdata[2]}<br>args: %{customdata[3]}<br>call site: %{customdata[4]}<extra></extra>"),
            ("marker", Obj(("symbol", symbol), ("color", colour), ("size", size), ("line", Obj(("color", colour), ("width", 1.5))))));

    private static string Arguments(SyscallRegisters r) =>
        string.Join(", ", new[] { r.Arg0, r.Arg1, r.Arg2, r.Arg3, r.Arg4, r.Arg5 }.Select(a => "0x" + a.ToString("x", Invariant)));

    private static string CallSite(SyscallRegisters r) =>
        "0x" + r.CallSite.ToString("x", Invariant) + (r.CallSiteFunction is { } function ? $" in {function}" : "");
}
