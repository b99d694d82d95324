using System.Net;
using System.Text;

namespace QemuTrace.Interactive.Formatting;

/// <summary>An analysis's warnings (worded by the core's <see cref="QemuTrace.Session.TraceWarnings"/>) as a visible warning block. Pure function.</summary>
public static class TraceWarningsHtml
{
    /// <summary>The block's HTML: one line per warning, or an empty string when there is none.</summary>
    public static string Render(IReadOnlyList<string> warnings)
    {
        if (warnings.Count == 0)
        {
            return "";
        }

        var html = new StringBuilder("<div class=\"qtrace-warning\" role=\"alert\" style=\"border-left:4px solid #e0a800;background:#fff8e1;color:#5c4400;padding:6px 10px;margin:4px 0;font-family:monospace;font-size:12px\">");
        foreach (var warning in warnings)
        {
            html.Append("<div>&#9888; warning: ").Append(WebUtility.HtmlEncode(warning)).Append("</div>");
        }

        return html.Append("</div>").ToString();
    }
}
