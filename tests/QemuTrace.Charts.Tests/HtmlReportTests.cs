using QemuTrace.Charts.Tests.Support;
using QemuTrace.Export;

namespace QemuTrace.Charts.Tests;

[Collection(RealBootCollection.Name)]
public class HtmlReportTests(RealBoot boot)
{
    private string Page => _page ??= BootReport.Create(boot.Analysis, "Boot of data/boot", "data/boot/trace-simple-v4.bin.gz").ToHtml();

    private static string? _page;

    [Fact]
    public void A_report_footer_carries_the_command_and_the_sha256_of_each_input()
    {
        var trace = Path.Combine(QemuTrace.Testing.RepositoryData.Root, "data", "boot", "trace-events-all");
        var html = new HtmlReport("t").AddProvenance(Provenance.Of([trace], "qtrace html-report X")).ToHtml();

        Assert.Contains("qtrace html-report X", html);
        Assert.Contains(Provenance.Sha256(trace), html);
        Assert.Contains(Provenance.ToolVersion, html);
    }

    [Fact]
    public void The_boot_report_embeds_plotly_js_exactly_once()
    {
        Assert.Equal(1, Html.Count(Page, ChartHtml.PlotlyJs));
        Assert.Equal(1, Html.Count(Page, $"id=\"{ChartHtml.PlotlyScriptMarker}\""));
    }

    [Fact]
    public void The_boot_report_loads_nothing_from_the_network()
    {
        Assert.Equal(0, Html.ExternalScripts(Page));
        var ours = Html.WithoutPlotlyJs(Page);
        Assert.DoesNotContain("cdn", ours, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", ours);
        Assert.DoesNotContain("http://", ours);
    }

    [Fact]
    public void The_boot_report_has_every_standard_chart_including_tracked_functions()
    {
        Assert.Equal(6, Html.Count(Page, $"<div class=\"{ChartHtml.ChartClass}\""));
        Assert.Contains("Boot timeline: stages between milestones", Page);
        Assert.Contains("Activity of chosen functions over the boot", Page);
    }

    [Fact]
    public void The_boot_report_has_the_main_tables()
    {
        foreach (var caption in new[] { "Boot milestones", "Time per function", "Time per boot region", "System calls by name", "First call of each function" })
        {
            Assert.Contains("<caption>" + caption, Page);
        }
    }

    [Fact]
    public void A_report_is_a_whole_page_with_its_title_escaped()
    {
        var html = new HtmlReport("a < b").AddParagraph("x & y").ToHtml();

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<title>a &lt; b</title>", html);
        Assert.Contains("<p>x &amp; y</p>", html);
        Assert.EndsWith("</html>\n", html);
    }

    [Fact]
    public void Save_writes_the_page_to_disk()
    {
        var path = Path.Combine(Path.GetTempPath(), $"qtrace-report-{Guid.NewGuid():N}.html");
        try
        {
            new HtmlReport("t").AddChart(TopFunctionsChart.Create(boot.Analysis, 3)).Save(path);

            Assert.Contains(ChartHtml.ChartClass, File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
