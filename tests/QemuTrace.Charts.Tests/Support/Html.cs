using System.Text.RegularExpressions;

namespace QemuTrace.Charts.Tests.Support;

/// <summary>Checks on generated HTML.</summary>
public static partial class Html
{
    public static int Count(string text, string what)
    {
        int count = 0;
        for (int at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>The page without the embedded plotly.js (whose own source mentions URLs in strings).</summary>
    public static string WithoutPlotlyJs(string html) => html.Replace(ChartHtml.PlotlyJs, "", StringComparison.Ordinal);

    /// <summary>Script elements that load something: <c>&lt;script ... src=</c>.</summary>
    public static int ExternalScripts(string html) => ExternalScript().Matches(html).Count;

    [GeneratedRegex("<script[^>]*\\bsrc\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalScript();
}
