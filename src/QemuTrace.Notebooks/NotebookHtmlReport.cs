using System.Net;
using System.Text;
using Markdig;
using QemuTrace.Files;
using Microsoft.DotNet.Interactive.Documents;

namespace QemuTrace.Notebooks;

/// <summary>
/// An executed notebook as one self-contained HTML page: markdown rendered, code shown, outputs inline. Nothing is
/// fetched from the network: the charts' outputs carry plotly.js themselves (written once, by the first chart).
/// </summary>
public static class NotebookHtmlReport
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>The page's HTML.</summary>
    public static string Render(NotebookRunResult result)
    {
        var title = Path.GetFileNameWithoutExtension(result.NotebookPath);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n<style>")
            .Append("body{font-family:system-ui,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}")
            .Append("pre.code{background:#f6f8fa;border-left:3px solid #4a7ebb;padding:.6em;overflow-x:auto;font-size:12px}")
            .Append("pre.out{font-size:12px;white-space:pre-wrap}pre.error{color:#b00020;white-space:pre-wrap}")
            .Append(".cell{margin:1.2em 0}.output{margin:.4em 0 .4em 1em;overflow-x:auto}table{border-collapse:collapse}")
            .Append(".status{padding:.5em;border-radius:4px}.ok{background:#e6f4ea}.failed{background:#fce8e6}")
            .Append("</style></head><body>\n");
        html.Append("<div class=\"status ").Append(result.Succeeded ? "ok\">" : "failed\">")
            .Append(WebUtility.HtmlEncode(result.Succeeded ? $"{title}: all {result.CellsRun} code cells ran" : result.Failure!.ToString()))
            .Append("</div>\n");
        foreach (var element in result.Document.Elements)
        {
            html.Append("<div class=\"cell\">");
            if (element.KernelName is "markdown" or "md")
            {
                html.Append(Markdig.Markdown.ToHtml(element.Contents, Markdown));
            }
            else if (!string.IsNullOrWhiteSpace(element.Contents))
            {
                html.Append("<pre class=\"code\">").Append(WebUtility.HtmlEncode(element.Contents)).Append("</pre>");
                foreach (var output in element.Outputs)
                {
                    html.Append("<div class=\"output\">").Append(Output(output)).Append("</div>");
                }
            }

            html.Append("</div>\n");
        }

        return html.Append("</body></html>\n").ToString();
    }

    /// <summary>Writes the page.</summary>
    public static async Task WriteAsync(NotebookRunResult result, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var html = new UTF8Encoding(false).GetBytes(Render(result));
        await OutputFile.WriteAsync(path, [result.NotebookPath], stream => stream.WriteAsync(html).AsTask());
    }

    private static string Output(InteractiveDocumentOutputElement output) => output switch
    {
        DisplayElement display => Data(display.Data),
        ReturnValueElement value => Data(value.Data),
        TextElement text => $"<pre class=\"out\">{WebUtility.HtmlEncode(text.Text)}</pre>",
        ErrorElement error => $"<pre class=\"error\">{WebUtility.HtmlEncode(error.ErrorName + ": " + error.ErrorValue)}</pre>",
        _ => "",
    };

    private static string Data(IDictionary<string, object> data) =>
        data.TryGetValue("text/html", out var html) ? Convert.ToString(html) ?? ""
        : data.TryGetValue("text/plain", out var text) ? $"<pre class=\"out\">{WebUtility.HtmlEncode(Convert.ToString(text))}</pre>"
        : "";
}
