using System.Net;
using System.Text;
using QemuTrace.Export;

namespace QemuTrace.Charts;

/// <summary>A <see cref="ResultTable"/> as an HTML table: human units in the cells, the raw value in each cell's tooltip, the notes under it.</summary>
public static class ResultTableHtml
{
    /// <summary>The table's class, styled by <see cref="HtmlReport"/>.</summary>
    public const string TableClass = "qtrace-table";

    /// <summary>Renders <paramref name="table"/>; with <paramref name="maxRows"/>, only its first rows and a note saying how many were left out.</summary>
    public static string Render(ResultTable table, int? maxRows = null)
    {
        var html = new StringBuilder();
        html.Append("<table class=\"").Append(TableClass).Append("\">\n<caption>").Append(Encode(table.Title)).Append("</caption>\n<thead><tr>");
        foreach (var column in table.Columns)
        {
            html.Append("<th").Append(IsNumeric(column.Kind) ? " class=\"num\"" : "").Append('>').Append(Encode(column.Name)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        int shown = Math.Min(table.Rows.Count, maxRows ?? int.MaxValue);
        foreach (var row in table.Rows.Take(shown))
        {
            html.Append("<tr>");
            for (int i = 0; i < row.Length; i++)
            {
                var kind = table.Columns[i].Kind;
                var human = ResultTableWriter.Human(row[i], kind);
                var raw = ResultTableWriter.Raw(row[i], kind);
                html.Append("<td");
                if (IsNumeric(kind))
                {
                    html.Append(" class=\"num\"");
                }

                if (raw != human)
                {
                    html.Append(" title=\"").Append(Encode(raw)).Append('"');
                }

                html.Append('>').Append(Encode(human)).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        var notes = table.Notes.ToList();
        if (shown < table.Rows.Count)
        {
            notes.Insert(0, $"First {shown:N0} of {table.Rows.Count:N0} rows.");
        }

        foreach (var note in notes)
        {
            html.Append("<p class=\"qtrace-note\">").Append(Encode(note)).Append("</p>\n");
        }

        return html.ToString();
    }

    private static bool IsNumeric(ColumnKind kind) => kind is ColumnKind.Integer or ColumnKind.Nanoseconds or ColumnKind.Percent;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
