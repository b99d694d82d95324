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
        };
        if (summary.Records is long r)
        {
            rows.Add(("records", r.ToString("N0", CultureInfo.InvariantCulture)));
            rows.Add(("duration", summary.DurationNs is long d ? $"{DataFrameHtml.HumanTime(d)} ({d.ToString("N0", CultureInfo.InvariantCulture)} ns)" : "-"));
            rows.Add(("events", string.Join(", ", summary.Events.Select(e => $"{e.Key}: {e.Value.ToString("N0", CultureInfo.InvariantCulture)}"))));
            rows.Add(("dropped events", summary.DroppedEvents.ToString("N0", CultureInfo.InvariantCulture)));
            rows.Add(("out-of-order records", summary.OutOfOrder.ToString("N0", CultureInfo.InvariantCulture)));
        }
        else
        {
            // One line, not three "not read yet" rows: nothing is counted before the first analysis reads the trace.
            rows.Add(("contents", "not read yet: the first analysis counts records, duration, events and drops"));
        }

        rows.Add(("symbols", SymbolsText(summary)));
        rows.Add(("KASLR offset", summary.KaslrOffset ?? "none"));
        var html = new StringBuilder("<table class=\"qtrace-summary\" style=\"border-collapse:collapse;font-size:12px\"><caption style=\"text-align:left;font-weight:bold\">QEMU trace</caption>");
        foreach (var (key, value) in rows)
        {
            html.Append("<tr><th style=\"text-align:left;padding:2px 8px\">").Append(WebUtility.HtmlEncode(key))
                .Append("</th><td style=\"text-align:left;padding:2px 8px;font-family:monospace\">").Append(WebUtility.HtmlEncode(value)).Append("</td></tr>");
        }

        return html.Append("</table>").ToString();
    }

    /// <summary>What <c>#!trace symbols</c> shows: the symbols and the KASLR offset only (the rest is <c>load</c>'s and <c>info</c>'s).</summary>
    public static string RenderSymbols(TraceSummary summary) =>
        $"<div class=\"qtrace-symbols\" style=\"font-size:12px\"><b>symbols</b> <code>{WebUtility.HtmlEncode(SymbolsText(summary))}</code>; <b>KASLR offset</b> <code>{WebUtility.HtmlEncode(summary.KaslrOffset ?? "none")}</code></div>";

    private static string SymbolsText(TraceSummary summary) =>
        summary.Symbols == 0 ? "none loaded (#!trace symbols --vmlinux PATH)" : $"{summary.Symbols.ToString("N0", CultureInfo.InvariantCulture)} from {string.Join(", ", summary.SymbolFiles)}";

    /// <summary>The summary as plain text, one line per field.</summary>
    public static string RenderText(TraceSummary summary) =>
        $"file: {summary.File}\nformat: {summary.Format}\nrecords: {summary.Records?.ToString("N0", CultureInfo.InvariantCulture) ?? "not read yet"}\n" +
        $"duration_ns: {summary.DurationNs?.ToString(CultureInfo.InvariantCulture) ?? "not read yet"}\ndropped events: {summary.DroppedEvents}\n" +
        $"out-of-order records: {summary.OutOfOrder}\nsymbols: {summary.Symbols}\nKASLR offset: {summary.KaslrOffset ?? "none"}";
}
