using Microsoft.DotNet.Interactive.Events;
using QemuTrace.Interactive.Formatting;

namespace QemuTrace.Interactive.Tests;

public sealed class ProgressDisplayTests
{
    private static List<DisplayEvent> ProgressEvents(Microsoft.DotNet.Interactive.KernelCommandResult result) =>
        result.Events.OfType<DisplayEvent>().Where(e => e.FormattedValues.Any(v => v.Value.Contains("qtrace-progress", StringComparison.Ordinal))).ToList();

    [Fact]
    public async Task A_host_that_keeps_every_update_gets_one_progress_output_the_final_line()
    {
        using var kernel = new TraceKernel();
        TraceProgressDisplay.SetUpdatesInPlace(kernel.Kernel, false);
        await kernel.LoadBootAsync();

        var progress = ProgressEvents(await kernel.SucceedAsync("#!trace profile --top 3"));

        var only = Assert.Single(progress);
        Assert.IsType<DisplayedValueProduced>(only);
        Assert.Contains("read " + CoreReference.Boot.Records.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " records", only.FormattedValues.Single(v => v.MimeType == "text/html").Value);
    }

    [Fact]
    public async Task A_host_that_updates_in_place_gets_one_display_whose_updates_end_with_the_final_line()
    {
        using var kernel = new TraceKernel();
        Assert.True(TraceProgressDisplay.UpdatesInPlace(kernel.Kernel));
        await kernel.LoadBootAsync();

        var progress = ProgressEvents(await kernel.SucceedAsync("#!trace profile --top 3"));

        var shown = Assert.Single(progress.OfType<DisplayedValueProduced>());
        Assert.Contains("reading ", shown.FormattedValues.Single(v => v.MimeType == "text/html").Value);
        var last = Assert.IsType<DisplayedValueUpdated>(progress[^1]);
        Assert.Equal(shown.ValueId, last.ValueId);
        Assert.Contains("read " + CoreReference.Boot.Records.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " records", last.FormattedValues.Single(v => v.MimeType == "text/html").Value);
    }
}
