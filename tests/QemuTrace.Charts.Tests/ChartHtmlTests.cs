using QemuTrace.Charts.Tests.Support;

namespace QemuTrace.Charts.Tests;

[Collection(RealBootCollection.Name)]
public class ChartHtmlTests(RealBoot boot)
{
    [Fact]
    public void A_fragment_is_a_chart_div_and_a_script_that_draws_it_with_no_cdn()
    {
        var html = ChartHtml.Fragment(TopFunctionsChart.Create(boot.Analysis));

        Assert.Contains($"<div class=\"{ChartHtml.ChartClass}\"", html);
        Assert.Contains("Plotly.newPlot(", html);
        Assert.Equal(0, Html.ExternalScripts(html));
        Assert.DoesNotContain("cdn", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("require", html);
    }

    [Fact]
    public void A_fragment_does_not_carry_plotly_js()
    {
        var html = ChartHtml.Fragment(BootTimelineChart.Create(boot.Analysis));

        Assert.DoesNotContain(ChartHtml.PlotlyScriptMarker, html);
        Assert.True(html.Length < 500_000, $"{html.Length} characters");
    }

    [Fact]
    public void A_fragment_takes_the_height_of_its_chart()
    {
        var html = ChartHtml.Fragment(RegionTimeChart.Create(boot.Analysis));

        Assert.Contains("height:420px", html);
    }

    [Fact]
    public void The_plotly_script_embeds_plotly_js_from_plotly_net_and_hides_require_js()
    {
        var script = ChartHtml.PlotlyScript();

        Assert.StartsWith("<script", script);
        Assert.Contains("plotly.js v" + ChartHtml.PlotlyJsVersion, script);
        Assert.Contains("(function (define, module, exports)", script);
        Assert.True(ChartHtml.PlotlyJs.Length > 3_000_000);
        Assert.DoesNotContain("</script", ChartHtml.PlotlyJs, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, Html.ExternalScripts(script));
    }

    [Fact]
    public void Text_that_would_close_the_script_is_escaped_in_the_figure_json()
    {
        var stage = new QemuTrace.Analysis.BootStage("</script><b>x", 0, 10);
        var html = ChartHtml.Fragment(BootTimelineChart.Create([stage], []));

        Assert.Equal(1, Html.Count(html, "</script>"));
    }
}
