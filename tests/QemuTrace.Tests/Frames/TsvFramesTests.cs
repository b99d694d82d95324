using Microsoft.Data.Analysis;
using QemuTrace.Formats;
using QemuTrace.Frames;

namespace QemuTrace.Tests.Frames;

public class TsvFramesTests
{
    private static DataFrame Read(string text) => TsvFrames.Read(new StringReader(text), "t.tsv");

    [Fact]
    public void Whole_numbers_read_as_long_at_full_precision_numbers_as_double_and_the_rest_as_text_with_empty_as_null()
    {
        var frame = Read("time_ns\tshare\tfunction\tpc\n5372474516123\t0.25\tdo_idle\t0xffffffff81000000\n7\t\t\t0x1\n");

        Assert.IsType<Int64DataFrameColumn>(frame["time_ns"]);
        Assert.Equal(5372474516123L, frame["time_ns"][0]);
        Assert.IsType<DoubleDataFrameColumn>(frame["share"]);
        Assert.Null(frame["share"][1]);
        Assert.IsType<StringDataFrameColumn>(frame["function"]);
        Assert.IsType<StringDataFrameColumn>(frame["pc"]);
        Assert.Equal(2, frame.Rows.Count);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_values_names_the_file_and_line()
    {
        var error = Assert.Throws<TraceFormatException>(() => Read("a\tb\n1\t2\n3\n"));

        Assert.StartsWith("t.tsv: line 3: 1 tab-separated values, the header has 2 (a, b)", error.Message);
    }

    [Fact]
    public void An_empty_file_is_an_error_asking_for_a_header()
    {
        Assert.Contains("expected a header line", Assert.Throws<TraceFormatException>(() => Read("")).Message);
    }
}
