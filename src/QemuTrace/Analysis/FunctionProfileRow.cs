using QemuTrace.Symbols;

namespace QemuTrace.Analysis;

/// <summary>Time attributed to one function (or region pseudo-function such as <c>[bios]</c>).</summary>
/// <param name="Function">Symbol name, or the region's pseudo-function for unsymbolized PCs.</param>
/// <param name="Region">The boot region its PCs ran in (of its first PC).</param>
/// <param name="TotalNs">Sum of the intervals its exec_tb records own.</param>
/// <param name="Percent">TotalNs as a percentage of all attributed time.</param>
/// <param name="Blocks">Its exec_tb/exec_tb_nocache records (block entries through the CPU loop).</param>
/// <param name="Entries">Of those, records at the function's first byte.</param>
/// <param name="FirstNs">Time of its first record, since the trace's first record.</param>
/// <param name="LastNs">Time of its last record.</param>
public sealed record FunctionProfileRow(
    string Function, AddressRegion Region, long TotalNs, double Percent, long Blocks, long Entries, long FirstNs, long LastNs)
{
    /// <summary>Guest instructions of its blocks, when the trace carries instruction counts (block captures); else null.</summary>
    public long? Instructions { get; init; }
}
