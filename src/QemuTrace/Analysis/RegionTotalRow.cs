using QemuTrace.Symbols;

namespace QemuTrace.Analysis;

/// <summary>Time attributed to one boot region.</summary>
/// <param name="Region">The region.</param>
/// <param name="TotalNs">Attributed time.</param>
/// <param name="Percent">Share of all attributed time.</param>
/// <param name="Blocks">exec_tb records in it.</param>
public sealed record RegionTotalRow(AddressRegion Region, long TotalNs, double Percent, long Blocks);
