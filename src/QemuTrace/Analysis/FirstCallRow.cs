namespace QemuTrace.Analysis;

/// <summary>When a function first ran: the trace's most exact answer, since a block's first execution always follows its translation through the CPU loop.</summary>
/// <param name="TimeNs">Time of the function's first record, since the trace's first record.</param>
/// <param name="Function">Symbol or pseudo-function.</param>
/// <param name="Pc">The PC of that first record.</param>
public sealed record FirstCallRow(long TimeNs, string Function, ulong Pc);
