namespace QemuTrace.Charts.Isolation;

/// <summary>One y column of a <see cref="DataChartPayload"/>, in the unit it is drawn in.</summary>
/// <param name="Name">The DataFrame column's name (the legend shows it).</param>
/// <param name="Values">One value per drawn point; null where the frame has none (drawn as a gap).</param>
public sealed record DataChartSeries(string Name, IReadOnlyList<double?> Values);
