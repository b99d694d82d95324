using System.Text.RegularExpressions;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Cli;

public partial class ActivityChartCommandTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void The_activity_of_the_top_functions_is_charted_from_the_first_pass_as_a_pass_tracking_them_charts_it()
    {
        string[] common = [RepositoryData.PathOf("boot", "trace-simple-v4.bin.gz"), "--events", RepositoryData.PathOf("boot", "trace-events-all"),
            "--vmlinux", RepositoryData.PathOf("boot", "vmlinux-symbols.gz"), "--kind", "function"];
        var chosen = _files.PathOf("chosen.html");
        var named = _files.PathOf("named.html");

        var auto = Qtrace.Run(["chart", .. common, "-o", chosen]);
        var functions = TopFunctions().Match(auto.Stderr).Groups[1].Value.Split(", ");
        var tracked = Qtrace.Run(["chart", .. common, .. functions.SelectMany(f => new[] { "--function", f }), "-o", named]);

        Assert.Equal(0, auto.ExitCode);
        Assert.Equal(0, tracked.ExitCode);
        Assert.Contains("(from the first pass;", auto.Stderr);
        Assert.Equal(3, functions.Length);
        Assert.Equal(Charts(named), Charts(chosen));
    }

    /// <summary>The page without what differs by run: the charts' element ids and the provenance footer (the command line).</summary>
    private static string Charts(string path) =>
        ChartId().Replace(File.ReadAllText(path).Split("<footer class=\"qtrace-provenance\">")[0], "qtrace-chart-ID");

    [GeneratedRegex("charting the activity of (.+) \\(")]
    private static partial Regex TopFunctions();

    [GeneratedRegex("qtrace-chart-[0-9a-f]+")]
    private static partial Regex ChartId();
}
