namespace QemuTrace.Analysis;

/// <summary>
/// Groups register-carrying syscalls by address space (CR3) for a per-process timeline. A CR3 value is freed when its
/// process exits and is often reused by the next process, so a CR3's syscalls are split into lives at each
/// <c>exit_group</c>/<c>exit</c>. (A successful execve also frees the old address space without an exit; a later reuse of
/// that CR3 then continues the same row: the trace has no return values to tell a successful execve from a failed one.)
/// </summary>
public static class AddressSpaces
{
    private static readonly HashSet<string> CloneNames = new(StringComparer.Ordinal) { "clone", "clone3", "fork", "vfork" };

    /// <summary>The syscalls that start a process's life in a new address space (the children run under new CR3s).</summary>
    public static bool IsClone(string syscall) => CloneNames.Contains(syscall);

    /// <summary>The syscalls that may replace an address space with a new program image.</summary>
    public static bool IsExecve(string syscall) => syscall is "execve" or "execveat";

    /// <summary>The syscalls that end a process (and free its address space).</summary>
    public static bool IsExit(string syscall) => syscall is "exit_group" or "exit";

    /// <summary>One row per life of a CR3 seen at a syscall entry, by first syscall; syscalls without registers are left out.</summary>
    public static IReadOnlyList<AddressSpaceRow> From(IReadOnlyList<SyscallRow> syscalls) =>
        Lives(syscalls).Select(g => new AddressSpaceRow(
                g[0].Registers!.Cr3,
                g[0].TimeNs,
                g[^1].TimeNs,
                g.Count,
                g.Count(s => IsClone(s.Syscall)),
                g.Where(s => IsExecve(s.Syscall)).Select(s => (long?)s.TimeNs).Max(),
                g.Where(s => IsExit(s.Syscall)).Select(s => (long?)s.TimeNs).Max(),
                string.Join(" ", g.GroupBy(s => s.Syscall, StringComparer.Ordinal)
                    .OrderByDescending(n => n.Count()).ThenBy(n => n.Key, StringComparer.Ordinal).Take(4)
                    .Select(n => $"{n.Key}×{n.Count()}"))))
            .ToList();

    /// <summary>
    /// The syscalls of each life of a CR3, in the order (and with the lives) of <see cref="From"/>: each list is one
    /// life's syscalls by entry time, the first row of <see cref="From"/> being the first list's.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<SyscallRow>> Lives(IReadOnlyList<SyscallRow> syscalls)
    {
        var lives = new List<List<SyscallRow>>();
        var open = new Dictionary<ulong, List<SyscallRow>>();
        foreach (var s in syscalls.Where(s => s.Registers is not null).OrderBy(s => s.TimeNs))
        {
            ulong cr3 = s.Registers!.Cr3;
            if (!open.TryGetValue(cr3, out var life))
            {
                open[cr3] = life = [];
                lives.Add(life);
            }

            life.Add(s);
            if (IsExit(s.Syscall))
            {
                open.Remove(cr3);
            }
        }

        return lives;
    }
}
