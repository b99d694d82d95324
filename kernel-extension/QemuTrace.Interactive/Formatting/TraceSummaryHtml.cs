using System.Globalization;
using System.Net;
using System.Text;
using QemuTrace.Session;

namespace QemuTrace.Interactive.Formatting;

/// <summary>A trace session's summary as an HTML key/value table. Pure function.</summary>
public static class TraceSummaryHtml
{
    /// <summary>The summary's HTML.</summary>
    public static string Render(TraceSummary summary)
    {
        var rows = new List<(string, string)>
        {
            ("file", summary.File),
            ("format", summary.LogVersion is int v ? $"{summary.Format} (log version {v})" : summary.Format.ToString()),
            ("records", summary.Records is long r ? r.ToString("N0", CultureInfo.InvariantCulture) : "not read yet (counted by the first analysis)"),
            ("duration", summary.DurationNs is long d ? $"{DataFrameHtml.HumanTime(d)} ({d.ToString("N0", CultureInfo.InvariantCulture)} ns)" : "not read yet"),
            ("events", summary.Events.Count == 0 ? "not read yet" : string.Join(", ", summary.Events.Select(e => $"{e.Key}: {e.Value.ToString("N0", CultureInfo.InvariantCulture)}"))),
            ("dropped events", summary.DroppedEvents.ToString("N0", CultureInfo.InvariantCulture)),
            ("out-of-order records", summary.OutOfOrder.ToString("N0", CultureInfo.InvariantCulture)),
            ("symbols", summary.Symbols == 0 ? "none loaded (#!trace symbols --vmlinux PATH)" : $"{summary.Symbols.ToString("N0", CultureInfo.InvariantCulture)} from {string.Join(", ", summary.SymbolFiles)}"),
            ("KASLR offset", summary.KaslrOffset ?? "none"),
        };
        var html = new StringBuilder("<table class=\"qtrace-summary\" style=\"border-collapse:collapse;font-size:12px\"><caption style=\"text-align:left;font-weight:bold\">QEMU trace</caption>");
        foreach (var (key, value) in rows)
        {
            html.Append("<tr><th style=\"text-align:left;padding:2px 8px\">").Append(WebUtility.HtmlEncode(key))
                .Append("</th><td style=\"text-align:left;padding:2px 8px;font-family:monospace\">").Append(WebUtility.HtmlEncode(value)).Append("</td></tr>");
        }

        return html.Append("</table>").ToString();
    }

    /// <summary>The summary as plain text, one line per field.</summary>
    public static string RenderText(TraceSummary summary) =>
        $"file: {summary.File}\nformat: {summary.Format}\nrecords: {summary.Records?.ToString("N0", CultureInfo.InvariantCulture) ?? "not read yet"}\n" +
        $"duration_ns: {summary.DurationNs?.ToString(CultureInfo.InvariantCulture) ?? "not read yet"}\ndropped events: {summary.DroppedEvents}\n" +
        $"out-of-order records: {summary.OutOfOrder}\nsymbols: {summary.Symbols}\nKASLR offset: {summary.KaslrOffset ?? "none"}";
}
