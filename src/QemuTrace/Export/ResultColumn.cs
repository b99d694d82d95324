namespace QemuTrace.Export;

/// <summary>A column of a <see cref="ResultTable"/>.</summary>
/// <param name="Name">Header, e.g. <c>total_ns</c>.</param>
/// <param name="Kind">How values are written.</param>
public sealed record ResultColumn(string Name, ColumnKind Kind);
