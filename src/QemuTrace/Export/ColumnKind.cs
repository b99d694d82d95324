namespace QemuTrace.Export;

/// <summary>How a result column's values are written: raw for TSV/CSV/JSON, with units in tables.</summary>
public enum ColumnKind
{
    /// <summary>Text.</summary>
    Text,

    /// <summary>A count.</summary>
    Integer,

    /// <summary>A time or duration in ns (tables show human units).</summary>
    Nanoseconds,

    /// <summary>A percentage, written with 4 decimals.</summary>
    Percent,

    /// <summary>An address, written as 0x-hex.</summary>
    Hex,

    /// <summary>Any other number (a query's computed value), written as it is.</summary>
    Number,
}
