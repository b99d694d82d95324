using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Cli;

public class ChartTableCommandTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string Bins() => _files.Write("bins.tsv", "bin_start_ns\tkernel_ns\tuser_ns\n0\t1000000\t0\n1000000\t250000\t750000\n");

    [Fact]
    public void A_tsv_table_becomes_an_offline_chart_page_with_ns_columns_in_ms()
    {
        var output = _files.PathOf("bins.html");

        var result = Qtrace.Run("chart-table", Bins(), "--x", "bin_start_ns", "--y", "kernel_ns", "--y", "user_ns", "--kind", "area", "-o", output);

        Assert.Equal(0, result.ExitCode);
        var html = File.ReadAllText(output);
        Assert.Contains("\"stackgroup\":\"data\"", html);
        Assert.Contains("\"x\":[0.0,1.0]", html);
        Assert.Contains("\"y\":[1.0,0.25]", html);
        Assert.Contains("kernel_ns, user_ns (ms, from ns)", html);
        Assert.DoesNotContain("<script src=", html);
    }

    [Fact]
    public void An_unknown_column_is_one_line_naming_the_file_and_the_columns()
    {
        var result = Qtrace.Run("chart-table", Bins(), "--x", "bin_start_ns", "--y", "kernel", "-o", _files.PathOf("x.html"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"qtrace: error: {Bins()}: unknown y column `kernel`: the DataFrame's columns are bin_start_ns, kernel_ns, user_ns", result.Stderr.Trim());
        Assert.False(File.Exists(_files.PathOf("x.html")));
    }
}
