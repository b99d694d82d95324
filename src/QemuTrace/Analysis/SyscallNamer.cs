namespace QemuTrace.Analysis;

/// <summary>
/// Names syscalls whose handler the trace did not show, by a rule learned from the same trace: entries with the same
/// previous syscall (as named by its handler, or unknown) and the same resume PC that were, every time their handler
/// was seen, the same syscall. Names inferred so are marked as such with their evidence count, never as observed.
/// </summary>
internal static class SyscallNamer
{
    public static List<SyscallRow> Name(List<(long Time, string Name, long? Duration, SyscallNaming By, ulong UserPc, string Entry)> raw)
    {
        var keys = new (string Previous, ulong UserPc)[raw.Count];
        var learned = new Dictionary<(string, ulong), Dictionary<string, int>>();
        string previous = "?";
        for (int i = 0; i < raw.Count; i++)
        {
            keys[i] = (previous, raw[i].UserPc);
            if (raw[i].By == SyscallNaming.Handler)
            {
                if (!learned.TryGetValue(keys[i], out var names))
                {
                    learned[keys[i]] = names = new Dictionary<string, int>(StringComparer.Ordinal);
                }

                names[raw[i].Name] = names.GetValueOrDefault(raw[i].Name) + 1;
            }

            previous = raw[i].By == SyscallNaming.Handler ? raw[i].Name : "?";
        }

        var rows = new List<SyscallRow>(raw.Count);
        for (int i = 0; i < raw.Count; i++)
        {
            var r = raw[i];
            if (r.By == SyscallNaming.Handler)
            {
                rows.Add(new SyscallRow(r.Time, r.Name, r.Duration, SyscallNaming.Handler, r.UserPc, 1, r.Entry));
            }
            else if (learned.TryGetValue(keys[i], out var names) && names.Count == 1)
            {
                var (name, evidence) = names.Single();
                rows.Add(new SyscallRow(r.Time, name, r.Duration, SyscallNaming.Inferred, r.UserPc, evidence, r.Entry));
            }
            else
            {
                rows.Add(new SyscallRow(r.Time, "?", r.Duration, SyscallNaming.None, r.UserPc, 0, r.Entry));
            }
        }

        return rows;
    }

    public static List<SyscallSummaryRow> Summarize(IReadOnlyList<SyscallRow> rows) =>
        rows.GroupBy(r => r.Syscall, StringComparer.Ordinal)
            .Select(g => new SyscallSummaryRow(
                g.Key,
                g.Count(),
                g.Count(r => r.NamedBy == SyscallNaming.Handler),
                g.Count(r => r.NamedBy == SyscallNaming.Inferred),
                g.Sum(r => r.DurationNs ?? 0),
                g.Max(r => r.DurationNs)))
            .OrderByDescending(s => s.TotalNs).ThenBy(s => s.Syscall, StringComparer.Ordinal)
            .ToList();
}
