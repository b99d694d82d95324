namespace QemuTrace.Analysis;

/// <summary>One system call: an entry through <c>entry_SYSCALL_64</c> (or a compat entry).</summary>
/// <param name="TimeNs">Entry time, since the trace's first record.</param>
/// <param name="Syscall">Name (<c>openat</c>), or <c>?</c>.</param>
/// <param name="DurationNs">Until the next user-space record; null when the trace ends first (a reboot or power-off call never returns).</param>
/// <param name="NamedBy">How the name was found.</param>
/// <param name="UserPc">The last user-space PC before the entry: where the CPU loop last entered user code (usually the previous syscall's return point).</param>
/// <param name="Evidence">For inferred names, how many handler-named entries support the rule; 1 for handler-named; 0 otherwise.</param>
/// <param name="EntrySymbol">The entry symbol used (<c>entry_SYSCALL_64</c>, compat entries...).</param>
public sealed record SyscallRow(long TimeNs, string Syscall, long? DurationNs, SyscallNaming NamedBy, ulong UserPc, int Evidence, string EntrySymbol);
