namespace QemuTrace.Analysis;

/// <summary>Per-syscall totals; unnamed entries are counted under <c>?</c>.</summary>
/// <param name="Syscall">Name or <c>?</c>.</param>
/// <param name="Count">Entries.</param>
/// <param name="ByHandler">Of which named by a seen handler.</param>
/// <param name="Inferred">Of which named by inference.</param>
/// <param name="TotalNs">Sum of durations (entries without a return excluded).</param>
/// <param name="MaxNs">Longest of those that returned; null when none did.</param>
public sealed record SyscallSummaryRow(string Syscall, long Count, long ByHandler, long Inferred, long TotalNs, long? MaxNs);
