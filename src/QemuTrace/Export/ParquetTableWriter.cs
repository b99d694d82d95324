using Parquet;
using Parquet.Schema;

namespace QemuTrace.Export;

/// <summary>
/// Writes a <see cref="ResultTable"/> as a Parquet file with its column types kept: ns and counts as INT64, addresses
/// as UINT64, percentages as DOUBLE, text as dictionary-encoded strings; nulls stay null. What DuckDB, Spark and pandas read.
/// </summary>
public static class ParquetTableWriter
{
    /// <summary>Writes <paramref name="table"/> to <paramref name="output"/> with <paramref name="metadata"/> as key-value metadata.</summary>
    public static async Task WriteAsync(ResultTable table, Stream output, IReadOnlyDictionary<string, string> metadata, CancellationToken cancel = default)
    {
        var fields = table.Columns.Select(Field).ToArray();
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), output, cancellationToken: cancel);
        writer.CustomMetadata = metadata.ToDictionary(kv => kv.Key, kv => kv.Value);
        using var group = writer.CreateRowGroup();
        for (int c = 0; c < fields.Length; c++)
        {
            int column = c;
            var cells = table.Rows.Select(r => r[column]);
            switch (table.Columns[c].Kind)
            {
                case ColumnKind.Integer or ColumnKind.Nanoseconds:
                    await group.WriteAsync<long>(fields[c], cells.Select(v => v is null ? (long?)null : Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray().AsMemory(), cancellationToken: cancel);
                    break;
                case ColumnKind.Hex:
                    await group.WriteAsync<ulong>(fields[c], cells.Select(v => v is null ? (ulong?)null : Convert.ToUInt64(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray().AsMemory(), cancellationToken: cancel);
                    break;
                case ColumnKind.Percent or ColumnKind.Number:
                    await group.WriteAsync<double>(fields[c], cells.Select(v => v is null ? (double?)null : Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray().AsMemory(), cancellationToken: cancel);
                    break;
                default:
                    await group.WriteAsync(fields[c], cells.Select(v => v?.ToString()).ToArray()!);
                    break;
            }
        }
    }

    private static DataField Field(ResultColumn column) => column.Kind switch
    {
        ColumnKind.Integer or ColumnKind.Nanoseconds => new DataField<long?>(column.Name),
        ColumnKind.Hex => new DataField<ulong?>(column.Name),
        ColumnKind.Percent or ColumnKind.Number => new DataField<double?>(column.Name),
        _ => new DataField<string>(column.Name, true),
    };
}
