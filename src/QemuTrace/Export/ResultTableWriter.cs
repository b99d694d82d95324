using System.Globalization;
using System.Text;
using System.Text.Json;

namespace QemuTrace.Export;

/// <summary>Writes a <see cref="ResultTable"/> as TSV, CSV, JSON or an aligned human-readable table.</summary>
/// <remarks>
/// TSV and CSV are pure data (a header line, then rows) so they diff and paste cleanly; JSON is one object per table,
/// <c>{"table": TITLE, "provenance": {"tool", "command", "inputs": [{"file", "sha256"}]}, "rows": [{COLUMN: VALUE}], "notes": [...]}</c>,
/// where the provenance says which inputs (by sha256), tool version and command made it.
/// </remarks>
public static class ResultTableWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// Writes in the named format: <c>table</c>, <c>tsv</c>, <c>csv</c> or <c>json</c>; JSON carries
    /// <paramref name="provenance"/> when given (TSV, CSV and the aligned table never do).
    /// </summary>
    public static void Write(ResultTable table, string format, TextWriter output, Provenance? provenance = null)
    {
        switch (format)
        {
            case "tsv":
                WriteDelimited(table, output, '\t');
                break;
            case "csv":
                WriteDelimited(table, output, ',');
                break;
            case "json":
                WriteJson(table, output, provenance);
                break;
            default:
                WriteAligned(table, output);
                break;
        }
    }

    /// <summary>The raw form of a cell: integers and ns as integers, percent with 4 decimals, addresses as 0x-hex.</summary>
    public static string Raw(object? cell, ColumnKind kind) => (kind, cell) switch
    {
        (_, null) => "",
        (ColumnKind.Percent, double d) => d.ToString("F4", Invariant),
        (ColumnKind.Hex, ulong u) => "0x" + u.ToString("x", Invariant),
        (_, long l) => l.ToString(Invariant),
        (_, ulong u) => u.ToString(Invariant),
        (_, int i) => i.ToString(Invariant),
        (_, double d) => d.ToString("R", Invariant),
        _ => cell?.ToString() ?? "",
    };

    /// <summary>The human form of a cell: ns as s/ms/µs, percent with 2 decimals, counts with separators.</summary>
    public static string Human(object? cell, ColumnKind kind) => (kind, cell) switch
    {
        (_, null) => "-",
        (ColumnKind.Nanoseconds, long ns) => FormatDuration(ns),
        (ColumnKind.Percent, double d) => d.ToString("F2", Invariant) + "%",
        (ColumnKind.Integer, long l) => l.ToString("N0", Invariant),
        _ => Raw(cell, kind),
    };

    /// <summary>A duration in the unit that reads best: <c>1.234 s</c>, <c>12.345 ms</c>, <c>5.000 µs</c>, <c>17 ns</c>.</summary>
    public static string FormatDuration(long ns)
    {
        if (ns < 0)
        {
            return "-" + FormatDuration(-ns);
        }

        return ns switch
        {
            >= 1_000_000_000 => (ns / 1e9).ToString("F3", Invariant) + " s",
            >= 1_000_000 => (ns / 1e6).ToString("F3", Invariant) + " ms",
            >= 1_000 => (ns / 1e3).ToString("F3", Invariant) + " µs",
            _ => ns.ToString(Invariant) + " ns",
        };
    }

    private static void WriteDelimited(ResultTable table, TextWriter output, char separator)
    {
        output.Write(string.Join(separator, table.Columns.Select(c => Quote(c.Name, separator))));
        output.Write('\n');
        var line = new StringBuilder();
        foreach (var row in table.Rows)
        {
            line.Clear();
            for (int i = 0; i < row.Length; i++)
            {
                if (i > 0)
                {
                    line.Append(separator);
                }

                line.Append(Quote(Raw(row[i], table.Columns[i].Kind), separator));
            }

            line.Append('\n');
            output.Write(line);
        }
    }

    private static string Quote(string value, char separator)
    {
        if (separator == '\t')
        {
            return value.Replace('\t', ' ').Replace('\n', ' ');
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    private static void WriteJson(ResultTable table, TextWriter output, Provenance? provenance)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("table", table.Title);
            if (provenance is not null)
            {
                json.WriteStartObject("provenance");
                json.WriteString("tool", provenance.Tool);
                json.WriteString("command", provenance.Command);
                json.WriteStartArray("inputs");
                foreach (var (file, sha256) in provenance.Inputs)
                {
                    json.WriteStartObject();
                    json.WriteString("file", file);
                    json.WriteString("sha256", sha256);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteStartArray("rows");
            foreach (var row in table.Rows)
            {
                json.WriteStartObject();
                for (int i = 0; i < row.Length; i++)
                {
                    var column = table.Columns[i];
                    switch (row[i])
                    {
                        case null:
                            json.WriteNull(column.Name);
                            break;
                        case long l:
                            json.WriteNumber(column.Name, l);
                            break;
                        case int n:
                            json.WriteNumber(column.Name, n);
                            break;
                        case double d when column.Kind == ColumnKind.Percent:
                            json.WriteNumber(column.Name, Math.Round(d, 4));
                            break;
                        case double d:
                            json.WriteNumber(column.Name, d);
                            break;
                        default:
                            json.WriteString(column.Name, Raw(row[i], column.Kind));
                            break;
                    }
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("notes");
            foreach (var note in table.Notes)
            {
                json.WriteStringValue(note);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.Write(Encoding.UTF8.GetString(stream.ToArray()));
        output.Write('\n');
    }

    private static void WriteAligned(ResultTable table, TextWriter output)
    {
        var cells = table.Rows.Select(r => r.Select((c, i) => Human(c, table.Columns[i].Kind)).ToArray()).ToList();
        var widths = table.Columns.Select((c, i) => Math.Max(c.Name.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();
        bool RightAligned(int i) => table.Columns[i].Kind is not (ColumnKind.Text or ColumnKind.Hex);
        string Line(IReadOnlyList<string> values) => string.Join("  ", values.Select((v, i) => RightAligned(i) ? v.PadLeft(widths[i]) : v.PadRight(widths[i]))).TrimEnd();
        output.WriteLine(table.Title);
        output.WriteLine(Line(table.Columns.Select(c => c.Name).ToArray()));
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in cells)
        {
            output.WriteLine(Line(row));
        }

        foreach (var note in table.Notes)
        {
            output.WriteLine(note);
        }
    }
}
