using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive;

namespace QemuTrace.Interactive.Formatting;

/// <summary>Shows a DataFrame result and binds it to a C# variable: the two things every table subcommand does.</summary>
internal static class FrameResult
{
    /// <summary>Displays the first <paramref name="rows"/> rows of <paramref name="frame"/> and binds all of it to <paramref name="name"/>.</summary>
    public static async Task ShowAndBindAsync(KernelInvocationContext context, string name, DataFrame frame, int? rows = null)
    {
        context.DisplayAs(DataFrameHtml.Render(frame, rows), "text/html");
        await VariableBinder.BindAsync(context, name, frame);
    }

    /// <summary>
    /// The name of a second result: its default when <c>--name</c> was not given, otherwise the chosen name plus
    /// <paramref name="suffix"/> (<c>--name early</c> → <c>earlyRegions</c>).
    /// </summary>
    public static string CompanionName(string? requested, string chosen, string fallback, string suffix) =>
        requested is null ? fallback : chosen + suffix;
}
