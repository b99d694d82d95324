using Microsoft.Data.Analysis;
using QemuTrace.Export;

namespace QemuTrace.Frames;

/// <summary>Turns results into Microsoft.Data.Analysis DataFrames with typed columns, for notebooks and C# analyses.</summary>
public static class ResultTableFrames
{
    /// <summary>
    /// One DataFrame column per result column: ns, counts and addresses as <see cref="long"/> / <see cref="ulong"/>
    /// columns, percentages as <see cref="double"/>, text as strings.
    /// </summary>
    public static DataFrame ToDataFrame(this ResultTable table)
    {
        var columns = new List<DataFrameColumn>();
        for (int i = 0; i < table.Columns.Count; i++)
        {
            var column = table.Columns[i];
            int index = i;
            DataFrameColumn built = column.Kind switch
            {
                ColumnKind.Integer or ColumnKind.Nanoseconds =>
                    new Int64DataFrameColumn(column.Name, table.Rows.Select(r => r[index] is null ? null : (long?)Convert.ToInt64(r[index], System.Globalization.CultureInfo.InvariantCulture))),
                ColumnKind.Percent or ColumnKind.Number =>
                    new DoubleDataFrameColumn(column.Name, table.Rows.Select(r => r[index] is null ? null : (double?)Convert.ToDouble(r[index], System.Globalization.CultureInfo.InvariantCulture))),
                ColumnKind.Hex =>
                    new UInt64DataFrameColumn(column.Name, table.Rows.Select(r => r[index] is null ? null : (ulong?)Convert.ToUInt64(r[index], System.Globalization.CultureInfo.InvariantCulture))),
                _ => new StringDataFrameColumn(column.Name, table.Rows.Select(r => r[index]?.ToString())),
            };
            columns.Add(built);
        }

        return new DataFrame(columns);
    }
}
