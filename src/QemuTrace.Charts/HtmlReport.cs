using System.Net;
using System.Text;
using QemuTrace.Files;
using Plotly.NET;
using QemuTrace.Export;

namespace QemuTrace.Charts;

/// <summary>
/// A self-contained offline HTML page: a title, then headings, text, charts and tables in the order added, with
/// plotly.js embedded once in the head (opens from disk with no network).
/// </summary>
/// <example><code>
/// new HtmlReport("Boot of data/boot").AddHeading("Where the time goes").AddChart(TopFunctionsChart.Create(analysis))
///     .AddTable(BootAnalysisTables.Profile(analysis, 25)).Save("report.html");
/// </code></example>
public sealed class HtmlReport
{
    private const string Style = """
        body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 24px auto; max-width: 1320px; padding: 0 16px; color: #222; }
        h1 { font-size: 26px; margin-bottom: 4px; }
        h2 { font-size: 20px; margin-top: 36px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
        p { line-height: 1.45; }
        .qtrace-chart { margin: 12px 0 20px 0; }
        table.qtrace-table { border-collapse: collapse; margin: 12px 0 6px 0; font-size: 13px; }
        table.qtrace-table caption { text-align: left; font-weight: 600; padding: 4px 0; }
        table.qtrace-table th, table.qtrace-table td { border-bottom: 1px solid #e4e4e4; padding: 3px 10px; text-align: left; white-space: nowrap; }
        table.qtrace-table th { background: #f3f5f8; }
        table.qtrace-table .num { text-align: right; font-variant-numeric: tabular-nums; }
        p.qtrace-note { font-size: 12px; color: #555; margin: 2px 0; }
        """;

    private readonly List<string> _body = [];

    /// <summary>An empty report.</summary>
    public HtmlReport(string title)
    {
        Title = title;
    }

    /// <summary>The page's title and first heading.</summary>
    public string Title { get; }

    /// <summary>Charts added so far.</summary>
    public int ChartCount { get; private set; }

    /// <summary>Adds a section heading.</summary>
    public HtmlReport AddHeading(string text)
    {
        _body.Add($"<h2>{Encode(text)}</h2>\n");
        return this;
    }

    /// <summary>Adds a paragraph of plain text.</summary>
    public HtmlReport AddParagraph(string text)
    {
        _body.Add($"<p>{Encode(text)}</p>\n");
        return this;
    }

    /// <summary>Adds a chart, drawn with the page's embedded plotly.js.</summary>
    public HtmlReport AddChart(GenericChart chart)
    {
        _body.Add(ChartHtml.Fragment(chart));
        ChartCount++;
        return this;
    }

    /// <summary>Adds a table (with <paramref name="maxRows"/>, only its first rows).</summary>
    public HtmlReport AddTable(ResultTable table, int? maxRows = null)
    {
        _body.Add(ResultTableHtml.Render(table, maxRows));
        return this;
    }

    /// <summary>Adds an HTML fragment as is (the caller makes it safe).</summary>
    public HtmlReport AddHtml(string html)
    {
        _body.Add(html);
        return this;
    }

    /// <summary>Adds the footer that says where the page came from: the tool, the command, each input's sha256.</summary>
    public HtmlReport AddProvenance(QemuTrace.Export.Provenance provenance)
    {
        var items = string.Concat(provenance.Inputs.Select(i => $"<li><code>{Encode(i.File)}</code> sha256 <code>{i.Sha256}</code></li>"));
        _body.Add($"<footer class=\"qtrace-provenance\"><p>Made by {Encode(provenance.Tool)}: <code>{Encode(provenance.Command)}</code></p><ul>{items}</ul></footer>\n");
        return this;
    }

    /// <summary>The whole page.</summary>
    public string ToHtml()
    {
        var page = new StringBuilder(ChartHtml.PlotlyJs.Length + 65_536);
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode(Title)).Append("</title>\n");
        page.Append("<style>\n").Append(Style).Append("</style>\n");
        page.Append(ChartHtml.PlotlyScript());
        page.Append("</head>\n<body>\n<h1>").Append(Encode(Title)).Append("</h1>\n");
        foreach (var part in _body)
        {
            page.Append(part);
        }

        page.Append("</body>\n</html>\n");
        return page.ToString();
    }

    /// <summary>Writes the page to <paramref name="path"/> (UTF-8, no BOM) atomically; see <see cref="OutputFile"/>.</summary>
    public void Save(string path) => Save(path, []);

    /// <summary>Writes the page atomically, refusing to write over any of <paramref name="inputs"/>.</summary>
    public void Save(string path, IEnumerable<string?> inputs) => OutputFile.WriteText(path, inputs, ToHtml());

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
