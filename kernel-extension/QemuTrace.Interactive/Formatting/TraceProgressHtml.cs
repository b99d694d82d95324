using System.Globalization;
using System.Net;

namespace QemuTrace.Interactive.Formatting;

/// <summary>The progress line of a pass over a trace. Pure function.</summary>
public static class TraceProgressHtml
{
    /// <summary>The line's HTML.</summary>
    public static string Render(TraceProgressView view)
    {
        var what = view.Done
            ? $"read {view.Records.ToString("N0", CultureInfo.InvariantCulture)} records of {Path.GetFileName(view.TracePath)} in {view.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s"
            : $"reading {Path.GetFileName(view.TracePath)}: {view.Records.ToString("N0", CultureInfo.InvariantCulture)} records, {(view.BytesRead / 1e6).ToString("0.0", CultureInfo.InvariantCulture)} MB";
        return $"<div class=\"qtrace-progress\" style=\"font-family:monospace;font-size:12px;color:#555\">{WebUtility.HtmlEncode(what)}</div>";
    }
}
