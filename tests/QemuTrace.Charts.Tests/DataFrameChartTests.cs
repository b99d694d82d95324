using Microsoft.Data.Analysis;
using QemuTrace.Charts.Isolation;
using QemuTrace.Export;
using QemuTrace.Frames;
using static QemuTrace.Charts.Tests.Support.Figure;

namespace QemuTrace.Charts.Tests;

public class DataFrameChartTests
{
    private static DataFrame Frame(params DataFrameColumn[] columns) => new(columns);

    private static DataFrame Bins() => Frame(
        new Int64DataFrameColumn("bin_start_ns", [0L, 1_000_000, 2_000_000]),
        new Int64DataFrameColumn("kernel_ns", [500_000L, 250_000, 0]),
        new DoubleDataFrameColumn("ratio", [0.5, 0.25, 0.0]),
        new StringDataFrameColumn("stage", ["bios", "kernel", "user"]));

    [Fact]
    public void A_line_chart_has_one_trace_per_y_column_with_the_frames_values_and_ns_shown_in_ms()
    {
        var chart = DataFrameChart.Create(Bins(), "bin_start_ns", ["kernel_ns", "ratio"]);

        var traces = Traces(chart);
        Assert.Equal(["kernel_ns", "ratio"], traces.Select(t => Get<string>(t, "name")));
        Assert.All(traces, t => Assert.Equal("lines", Get<string>(t, "mode")));
        Assert.Equal([0.0, 1.0, 2.0], Doubles(traces[0], "x"));
        Assert.Equal([0.5, 0.25, 0.0], Doubles(traces[0], "y"));
        Assert.Equal([0.5, 0.25, 0.0], Doubles(traces[1], "y"));
        Assert.Equal("bin_start_ns (ms, from ns)", AxisTitle(chart, "xaxis"));
        Assert.Equal("kernel_ns (ms, from ns), ratio", AxisTitle(chart, "yaxis"));
        Assert.StartsWith("kernel_ns, ratio by bin_start_ns<br><sup>3 rows</sup>", Title(chart));
    }

    [Fact]
    public void A_bar_chart_takes_text_along_x_as_categories_and_keeps_the_given_title()
    {
        var chart = DataFrameChart.Create(Bins(), "stage", ["kernel_ns"], DataChartKinds.Bar, "time per stage");

        var bar = Assert.Single(Traces(chart));
        Assert.Equal("bar", Get<string>(bar, "type"));
        Assert.Equal(["bios", "kernel", "user"], Strings(bar, "x"));
        Assert.Equal("category", Get<string>(Get<DynamicObj.DynamicObj>(Layout(chart), "xaxis"), "type"));
        Assert.StartsWith("time per stage", Title(chart));
    }

    [Fact]
    public void An_area_chart_stacks_every_y_column_in_one_group_and_a_ms_column_stays_in_ms()
    {
        var frame = Frame(new Int32DataFrameColumn("bin", [0, 1]), new DoubleDataFrameColumn("a_ms", [1.5, 2.0]), new DoubleDataFrameColumn("b_ms", [0.5, 1.0]));

        var chart = DataFrameChart.Create(frame, "bin", ["a_ms", "b_ms"], DataChartKinds.Area);

        Assert.All(Traces(chart), t => Assert.Equal("data", Get<string>(t, "stackgroup")));
        Assert.Equal([1.5, 2.0], Doubles(Traces(chart)[0], "y"));
        Assert.Equal("a_ms, b_ms (ms)", AxisTitle(chart, "yaxis"));
        Assert.Equal("bin", AxisTitle(chart, "xaxis"));
    }

    [Fact]
    public void A_result_table_charts_through_its_dataframe()
    {
        var table = new ResultTable("stages", new ResultColumn("stage", ColumnKind.Text), new ResultColumn("duration_ns", ColumnKind.Nanoseconds));
        table.Add("bios", 2_000_000L);
        table.Add("kernel", 3_000_000L);

        var chart = DataFrameChart.Create(table.ToDataFrame(), "stage", ["duration_ns"], DataChartKinds.Bar);

        Assert.Equal([2.0, 3.0], Doubles(Assert.Single(Traces(chart)), "y"));
    }

    [Fact]
    public void Nulls_in_y_are_gaps_and_rows_without_an_x_are_left_out_and_counted()
    {
        var frame = Frame(new DoubleDataFrameColumn("t", [1.0, null, 3.0, double.NaN]), new Int64DataFrameColumn("n", [10L, 20, null, 40]));

        var payload = DataChartPayload.From(frame, "t", ["n"]);

        Assert.Equal([1.0, 3.0], payload.X!);
        Assert.Equal([10.0, null], Assert.Single(payload.Series).Values);
        Assert.Equal("4 rows (2 without an x left out)", payload.Subtitle);
    }

    [Fact]
    public void More_rows_than_pixels_keep_each_buckets_min_and_max_and_the_subtitle_says_so()
    {
        // 10 buckets of 100 rows; a spike and a dip hide in bucket 3, which every-nth-row sampling would miss.
        var y = Enumerable.Range(0, 1000).Select(i => (double?)(i % 7)).ToArray();
        y[345] = 1000;
        y[377] = -1000;
        var frame = Frame(new Int64DataFrameColumn("time_ns", Enumerable.Range(0, 1000).Select(i => (long?)i * 1000)), new DoubleDataFrameColumn("v", y));

        var payload = DataChartPayload.From(frame, "time_ns", ["v"], pixels: 10);

        Assert.True(payload.Downsampled);
        var values = Assert.Single(payload.Series).Values;
        Assert.Equal(20, values.Count);
        for (int bucket = 0; bucket < 10; bucket++)
        {
            var rows = Enumerable.Range(bucket * 100, 100).ToList();
            var kept = values.Skip(bucket * 2).Take(2).ToList();
            Assert.Contains(rows.Min(r => y[r]), kept);
            Assert.Contains(rows.Max(r => y[r]), kept);
        }

        Assert.Contains(1000.0, values);
        Assert.Contains(-1000.0, values);
        Assert.Equal(payload.X!.Order(), payload.X!);
        Assert.Equal("1,000 rows, downsampled to 20 points: each y column's min and max in each of 10 slices of x (one per pixel)", payload.Subtitle);
    }

    [Fact]
    public void Downsampling_keeps_rows_that_hold_any_series_extreme_so_stacked_series_share_their_x()
    {
        var keep = MinMaxDownsampler.Keep([0, 0, 0, 0], [0, 1, 2, 3], [[1, 5, 3, 2], [9, 8, 7, 10]], 1);

        Assert.Equal([0, 1, 2, 3], keep);
        Assert.Equal([0, 1], MinMaxDownsampler.Keep([0, 0, 0, 0], [0, 1, 2, 3], [[1, 5, 3, 2]], 1));
    }

    [Fact]
    public void Rows_no_more_than_pixels_are_drawn_as_they_are()
    {
        var payload = DataChartPayload.From(Bins(), "bin_start_ns", ["kernel_ns"], pixels: 3);

        Assert.False(payload.Downsampled);
        Assert.Equal("3 rows", payload.Subtitle);
    }

    [Theory]
    [InlineData("time", "kernel_ns", "unknown x column `time`: the DataFrame's columns are bin_start_ns, kernel_ns, ratio, stage")]
    [InlineData("bin_start_ns", "kernel", "unknown y column `kernel`: the DataFrame's columns are bin_start_ns, kernel_ns, ratio, stage")]
    [InlineData("bin_start_ns", "stage", "y column `stage` holds String values, not numbers: y takes numeric columns (numeric columns: bin_start_ns, kernel_ns, ratio)")]
    public void A_bad_column_is_a_one_line_error_naming_it(string x, string y, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => DataFrameChart.Create(Bins(), x, [y]));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void An_empty_frame_is_an_error_naming_its_columns()
    {
        var frame = Frame(new Int64DataFrameColumn("t", 0), new Int64DataFrameColumn("v", 0));

        Assert.Equal("the DataFrame has no rows (columns: t, v): nothing to chart", Assert.Throws<ArgumentException>(() => DataFrameChart.Create(frame, "t", ["v"])).Message);
        Assert.Equal("the DataFrame is empty (no columns, no rows): nothing to chart", Assert.Throws<ArgumentException>(() => DataFrameChart.Create(new DataFrame(), "t", ["v"])).Message);
    }

    [Fact]
    public void An_unknown_kind_names_the_kinds()
    {
        Assert.Contains("line, bar, area", Assert.Throws<ArgumentException>(() => DataFrameChart.Create(Bins(), "bin_start_ns", ["ratio"], "pie")).Message);
    }

    [Fact]
    public void The_payload_survives_json_unchanged()
    {
        var payload = DataChartPayload.From(Bins(), "stage", ["kernel_ns", "ratio"], DataChartKinds.Bar);

        var back = DataChartPayload.FromJson(payload.ToJson());

        Assert.Equal(payload.XCategories, back.XCategories);
        Assert.Equal(payload.Series.Select(s => s.Values), back.Series.Select(s => s.Values));
        Assert.Equal(payload with { XCategories = null, Series = [] }, back with { XCategories = null, Series = [] });
    }
}

public class IsolatedDataFrameChartTests(ChartFolder folder) : IClassFixture<ChartFolder>
{
    [Fact]
    public void A_dataframe_chart_renders_through_the_private_context()
    {
        var frame = new DataFrame(new Int64DataFrameColumn("t_ns", [0L, 1_000_000]), new DoubleDataFrameColumn("load_avg", [0.5, 0.75]));

        var html = folder.Charts.RenderDataChartHtml(DataChartPayload.From(frame, "t_ns", ["load_avg"]));

        Assert.Contains($"<div class=\"{ChartHtml.ChartClass}\"", html);
        Assert.Contains("load_avg by t_ns", html);
        Assert.Contains("Plotly.newPlot(", html);
    }
}
