using QemuTrace.Export;

namespace QemuTrace.Charts.Tests;

public class ResultTableHtmlTests
{
    private static ResultTable Table()
    {
        var table = new ResultTable("Time <per> function", new("function", ColumnKind.Text), new("total_ns", ColumnKind.Nanoseconds), new("pc", ColumnKind.Hex));
        table.Add("a&b", 1_500_000L, 0xffffffff81000000UL);
        table.Add("c", 20L, 0x10UL);
        table.Notes.Add("a note");
        return table;
    }

    [Fact]
    public void Cells_show_human_units_with_the_raw_value_in_the_tooltip()
    {
        var html = ResultTableHtml.Render(Table());

        Assert.Contains("<td class=\"num\" title=\"1500000\">1.500 ms</td>", html);
        Assert.Contains("<td>0xffffffff81000000</td>", html);
    }

    [Fact]
    public void Text_is_escaped_and_notes_follow_the_table()
    {
        var html = ResultTableHtml.Render(Table());

        Assert.Contains("<caption>Time &lt;per&gt; function</caption>", html);
        Assert.Contains("<td>a&amp;b</td>", html);
        Assert.Contains("<p class=\"qtrace-note\">a note</p>", html);
    }

    [Fact]
    public void A_row_limit_keeps_the_first_rows_and_says_so()
    {
        var html = ResultTableHtml.Render(Table(), maxRows: 1);

        Assert.DoesNotContain("<td>c</td>", html);
        Assert.Contains("First 1 of 2 rows.", html);
    }
}
