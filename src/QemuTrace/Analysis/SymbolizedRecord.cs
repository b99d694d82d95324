using QemuTrace.Symbols;

namespace QemuTrace.Analysis;

/// <summary>One trace record with its time since the first record and, for block records, its PC's function and region.</summary>
/// <param name="TimeNs">Time since the trace's first record (out-of-order records keep their own time).</param>
/// <param name="EventIndex">Index into the reader's event table.</param>
/// <param name="Pid">Writer's process or thread id.</param>
/// <param name="HasPc">Whether the record carries a guest PC (exec_tb and kin).</param>
/// <param name="Pc">The guest PC, or 0.</param>
/// <param name="Function">The PC's function or pseudo-function (<c>[early-boot]</c>), or null without a PC.</param>
/// <param name="Region">The PC's region (meaningless without a PC).</param>
public readonly record struct SymbolizedRecord(long TimeNs, int EventIndex, uint Pid, bool HasPc, ulong Pc, string? Function, AddressRegion Region);
