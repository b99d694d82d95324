using System.Data.Common;
using System.Numerics;
using DuckDB.NET.Data;
using QemuTrace.Export;
using QemuTrace.Formats;

namespace QemuTrace.Query;

/// <summary>
/// SQL over a boot exported as Parquet (<see cref="ParquetExport"/>), with embedded DuckDB: every <c>NAME.parquet</c> of
/// the folder is a view <c>NAME</c> (<c>records</c>, <c>profile</c>, <c>syscalls</c>...), so Perfetto-style queries run
/// as written, e.g. <c>SELECT function, sum(total_ns) FROM profile GROUP BY 1</c>. The answer is a
/// <see cref="ResultTable"/>: TSV/CSV/JSON, an aligned table or a DataFrame like every other result.
/// </summary>
public static class TraceSql
{
    /// <summary>The views a folder offers: its Parquet files' names.</summary>
    public static IReadOnlyList<string> Views(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.parquet").Select(Path.GetFileNameWithoutExtension).OfType<string>().Where(IsViewName).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Runs <paramref name="sql"/> over the folder's views.</summary>
    /// <exception cref="InputException">No Parquet files in the folder, or DuckDB refused the query (its message, with the views listed).</exception>
    public static ResultTable Query(string directory, string sql)
    {
        var views = Views(directory);
        if (views.Count == 0)
        {
            throw new InputException(directory, "holds no .parquet tables: write them first with `qtrace export TRACE --vmlinux F --to parquet -o DIR`");
        }

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        foreach (var view in views)
        {
            using var create = connection.CreateCommand();
            var file = Path.GetFullPath(Path.Combine(directory, view + ".parquet")).Replace("'", "''", StringComparison.Ordinal);
            create.CommandText = $"CREATE VIEW \"{view}\" AS SELECT * FROM read_parquet('{file}')";
            create.ExecuteNonQuery();
        }

        using var command = connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            using var reader = command.ExecuteReader();
            return ToTable(reader, sql);
        }
        catch (DbException e)
        {
            throw new InputException("sql", $"{FirstLine(e.Message)} (tables: {string.Join(", ", views)})");
        }
    }

    private static ResultTable ToTable(DbDataReader reader, string sql)
    {
        var columns = Enumerable.Range(0, reader.FieldCount).Select(i => new ResultColumn(reader.GetName(i), Kind(reader.GetName(i), reader.GetFieldType(i)))).ToArray();
        var table = new ResultTable(sql.Length > 80 ? sql[..77] + "..." : sql, columns);
        while (reader.Read())
        {
            var row = new object?[columns.Length];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : Cell(reader.GetValue(i), columns[i].Kind);
            }

            table.Add(row);
        }

        return table;
    }

    private static ColumnKind Kind(string name, Type type)
    {
        if (type == typeof(string))
        {
            return ColumnKind.Text;
        }

        if (type == typeof(ulong) && (name == "pc" || name.EndsWith("_pc", StringComparison.Ordinal)))
        {
            return ColumnKind.Hex;
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return name == "percent" ? ColumnKind.Percent : ColumnKind.Number;
        }

        if (type.IsPrimitive || type == typeof(BigInteger))
        {
            return name.EndsWith("_ns", StringComparison.Ordinal) ? ColumnKind.Nanoseconds : ColumnKind.Integer;
        }

        return ColumnKind.Text;
    }

    private static object Cell(object value, ColumnKind kind) => (kind, value) switch
    {
        (ColumnKind.Hex, ulong u) => u,
        (ColumnKind.Integer or ColumnKind.Nanoseconds, BigInteger b) when b >= long.MinValue && b <= long.MaxValue => (long)b,
        (ColumnKind.Integer or ColumnKind.Nanoseconds, BigInteger b) => (double)b,
        (ColumnKind.Integer or ColumnKind.Nanoseconds, ulong u) when u <= long.MaxValue => (long)u,
        (ColumnKind.Integer or ColumnKind.Nanoseconds, ulong u) => u,
        (ColumnKind.Integer or ColumnKind.Nanoseconds, bool b) => b ? 1L : 0L,
        (ColumnKind.Integer or ColumnKind.Nanoseconds, IConvertible c) => c.ToInt64(System.Globalization.CultureInfo.InvariantCulture),
        (ColumnKind.Percent or ColumnKind.Number, IConvertible c) => c.ToDouble(System.Globalization.CultureInfo.InvariantCulture),
        (ColumnKind.Text, _) => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
        _ => value,
    };

    private static bool IsViewName(string name) => name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
