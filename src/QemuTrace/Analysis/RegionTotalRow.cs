using QemuTrace.Symbols;

namespace QemuTrace.Analysis;

/// <summary>Time attributed to one boot region.</summary>
/// <param name="Region">The region.</param>
/// <param name="TotalNs">Attributed time.</param>
/// <param name="Percent">Share of all attributed time.</param>
/// <param name="Blocks">exec_tb records in it.</param>
public sealed record RegionTotalRow(AddressRegion Region, long TotalNs, double Percent, long Blocks)
{
    /// <summary>Guest instructions of its blocks, when the trace carries instruction counts (block captures); else null.</summary>
    public long? Instructions { get; init; }
}
