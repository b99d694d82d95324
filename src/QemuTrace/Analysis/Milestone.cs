namespace QemuTrace.Analysis;

/// <summary>A boot milestone found in the trace.</summary>
/// <param name="TimeNs">When, since the trace's first record.</param>
/// <param name="Name">What, e.g. <c>reset vector</c>, <c>start_kernel</c>, <c>first userspace</c>.</param>
/// <param name="Pc">The PC of the record that marks it.</param>
/// <param name="Function">The function (or pseudo-function) of that PC.</param>
public sealed record Milestone(long TimeNs, string Name, ulong Pc, string Function);
