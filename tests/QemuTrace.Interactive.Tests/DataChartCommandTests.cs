using Microsoft.DotNet.Interactive.Events;
using QemuTrace.Interactive.Charts;

namespace QemuTrace.Interactive.Tests;

/// <summary>
/// A kernel with no trace loaded and, from a C# cell, a DataFrame `perBin` and a string `notAFrame` (the extension
/// references Microsoft.Data.Analysis and itself in the C# kernel when it loads, so no #r is needed).
/// </summary>
public sealed class UserFrameKernel : IAsyncLifetime, IDisposable
{
    public TraceKernel Trace { get; } = new();

    public async Task InitializeAsync()
    {
        await Trace.SucceedAsync("""
            using Microsoft.Data.Analysis;
            var perBin = new DataFrame(
                new Int64DataFrameColumn("bin_start_ns", new long[] { 0, 1_000_000, 2_000_000, 3_000_000 }),
                new Int64DataFrameColumn("irq_ns", new long[] { 250_000, 500_000, 0, 750_000 }),
                new Int64DataFrameColumn("softirq_ns", new long[] { 100_000, 0, 200_000, 50_000 }),
                new StringDataFrameColumn("stage", new[] { "bios", "kernel", "kernel", "user" }));
            var notAFrame = "hello";
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => Trace.Dispose();
}

public sealed class DataChartCommandTests(UserFrameKernel loaded) : IClassFixture<UserFrameKernel>
{
    private TraceKernel Kernel => loaded.Trace;

    private async Task<string> FailureOf(string code)
    {
        var result = await Kernel.SubmitAsync(code);
        return Assert.Single(result.Events.OfType<CommandFailed>()).Message;
    }

    [Fact]
    public async Task A_dataframe_made_in_a_csharp_cell_is_charted_with_its_columns_and_bound_as_chart()
    {
        var html = TraceKernel.Html(await Kernel.SucceedAsync("#!trace chart --data perBin --x bin_start_ns --y irq_ns --y softirq_ns --kind area --name irqChart"));

        Assert.Contains("class=\"qtrace-chart\"", html);
        Assert.Contains("irq_ns, softirq_ns by bin_start_ns", html);
        Assert.Contains("bin_start_ns (ms, from ns)", html);
        Assert.Contains("\"stackgroup\":\"data\"", html);
        Assert.Contains("[0.25,0.5,0.0,0.75]", html);
        var chart = Assert.IsType<TraceChart>(await Kernel.EvaluateAsync("irqChart"));
        Assert.Equal("area", chart.Kind);
    }

    [Fact]
    public async Task A_bar_chart_of_text_categories_takes_a_quoted_title()
    {
        var html = TraceKernel.Html(await Kernel.SucceedAsync("#!trace chart --data perBin --x stage --y irq_ns --kind bar --title \"interrupt time by stage\""));

        Assert.Contains("interrupt time by stage", html);
        Assert.DoesNotContain("\\\"interrupt", html);
        Assert.Contains("\"type\":\"bar\"", html);
    }

    [Fact]
    public async Task A_csharp_cell_charts_a_dataframe_through_the_api_and_displays_it()
    {
        var chart = Assert.IsType<TraceChart>(await Kernel.EvaluateAsync("QemuTrace.Interactive.Charts.TraceCharts.FromDataFrame(perBin, \"bin_start_ns\", \"irq_ns\")"));

        Assert.Equal("irq_ns by bin_start_ns", chart.Title);
        Assert.Contains("Plotly.newPlot(", chart.Html);
    }

    [Fact]
    public async Task An_unknown_variable_is_one_error_line_listing_the_dataframes()
    {
        var message = await FailureOf("#!trace chart --data perbin --x bin_start_ns --y irq_ns");

        Assert.Equal("#!trace: --data `perbin`: no such C# variable; run the cell that makes it first (DataFrame variables: perBin)", message);
    }

    [Fact]
    public async Task A_variable_that_is_not_a_dataframe_is_an_error_saying_what_it_is()
    {
        Assert.Equal("#!trace: --data `notAFrame` is a String, not a DataFrame: chart a Microsoft.Data.Analysis DataFrame (or a ResultTable)",
            await FailureOf("#!trace chart --data notAFrame --x a --y b"));
    }

    [Fact]
    public async Task An_unknown_column_is_an_error_listing_the_frames_columns()
    {
        Assert.Equal("#!trace: --data perBin: unknown y column `irq`: the DataFrame's columns are bin_start_ns, irq_ns, softirq_ns, stage",
            await FailureOf("#!trace chart --data perBin --x bin_start_ns --y irq"));
    }

    [Fact]
    public async Task Missing_x_or_y_names_the_columns_to_choose_from()
    {
        Assert.Contains("needs --x COLUMN and at least one --y COLUMN; its columns: bin_start_ns, irq_ns, softirq_ns, stage", await FailureOf("#!trace chart --data perBin --x stage"));
    }

    [Theory]
    [InlineData("#!trace chart --data perBin --x stage --y irq_ns --top 5", "--top is for the standard charts and does not apply with --data")]
    [InlineData("#!trace chart top --x stage", "--x is for charting a DataFrame: add --data VARIABLE")]
    [InlineData("#!trace chart --data perBin --x stage --y irq_ns --kind top", "`top` is a standard chart of the trace, not a way to draw --data: with --data, --kind is line, bar, area")]
    [InlineData("#!trace chart", "#!trace chart needs a kind: ")]
    public async Task Standard_and_data_options_mixed_say_which_applies(string code, string expected)
    {
        Assert.Contains(expected, await FailureOf(code));
    }
}
