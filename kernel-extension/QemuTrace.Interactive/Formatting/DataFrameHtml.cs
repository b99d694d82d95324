using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Analysis;

namespace QemuTrace.Interactive.Formatting;

/// <summary>
/// A DataFrame as a readable HTML table: the first <see cref="MaxRows"/> rows, numbers right-aligned with digit
/// grouping, *_ns columns with a human unit beside the raw value, 64-bit addresses in hex, and a line saying how many
/// rows the frame holds. Pure function; <see cref="TraceFormatters"/> registers it.
/// </summary>
public static class DataFrameHtml
{
    /// <summary>Rows shown before the table is cut (the variable still holds every row).</summary>
    public static int MaxRows { get; set; } = 25;

    /// <summary>The table's HTML.</summary>
    public static string Render(DataFrame frame, int? maxRows = null)
    {
        int limit = maxRows ?? MaxRows;
        long rows = frame.Rows.Count;
        var html = new StringBuilder();
        html.Append("<div class=\"qtrace-frame\"><table class=\"qtrace-table\" style=\"border-collapse:collapse;font-family:monospace;font-size:12px\"><thead><tr>");
        foreach (var column in frame.Columns)
        {
            html.Append("<th style=\"text-align:").Append(IsNumeric(column) ? "right" : "left")
                .Append(";padding:2px 8px;border-bottom:1px solid #888\">").Append(WebUtility.HtmlEncode(column.Name)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        for (long r = 0; r < Math.Min(rows, limit); r++)
        {
            html.Append("<tr>");
            foreach (var column in frame.Columns)
            {
                html.Append("<td style=\"text-align:").Append(IsNumeric(column) ? "right" : "left").Append(";padding:2px 8px\">")
                    .Append(WebUtility.HtmlEncode(Cell(column, column[r]))).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table><div style=\"font-size:11px;color:#666\">")
            .Append(rows <= limit ? $"{rows:N0} rows" : $"first {limit:N0} of {rows:N0} rows (the variable holds them all)")
            .Append(", ").Append(frame.Columns.Count).Append(" columns</div></div>");
        return html.ToString();
    }

    /// <summary>One cell as text: ns with a unit, addresses in hex, percent with two decimals.</summary>
    public static string Cell(DataFrameColumn column, object? value) => value switch
    {
        null => "-",
        long ns when column.Name.EndsWith("_ns", StringComparison.Ordinal) => $"{ns.ToString("N0", CultureInfo.InvariantCulture)} ({HumanTime(ns)})",
        long n => n.ToString("N0", CultureInfo.InvariantCulture),
        int n => n.ToString("N0", CultureInfo.InvariantCulture),
        uint n => n.ToString(CultureInfo.InvariantCulture),
        ulong address => $"0x{address:x}",
        double d => d.ToString("0.00", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>ns as the CLI prints them: ns, µs, ms or s with three decimals.</summary>
    public static string HumanTime(long ns) => Math.Abs(ns) switch
    {
        < 1_000 => $"{ns} ns",
        < 1_000_000 => (ns / 1e3).ToString("0.000", CultureInfo.InvariantCulture) + " µs",
        < 1_000_000_000 => (ns / 1e6).ToString("0.000", CultureInfo.InvariantCulture) + " ms",
        _ => (ns / 1e9).ToString("0.000", CultureInfo.InvariantCulture) + " s",
    };

    private static bool IsNumeric(DataFrameColumn column) => column.DataType != typeof(string) && column.DataType != typeof(bool);
}
