using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Cli;

/// <summary>The in-process runner the CLI tests use: each run sees only its own output, whatever runs beside it.</summary>
public class InProcessQtraceTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Verbs_run_side_by_side_capture_only_their_own_stdout_and_stderr()
    {
        var traces = Enumerable.Range(0, 8).Select(i => _files.Write($"t{i}.log", string.Concat(Enumerable.Range(0, i + 1)
            .Select(r => $"1234@1700000000.{r:D6}:exec_tb tb:0x7f0000000000 pc=0xfffffff0\n")))).ToList();
        var missing = _files.PathOf("absent.bin");

        var runs = traces.Select((path, i) => Task.Run(() => (Path: path, Records: i + 1, Result: Qtrace.Run("info", path))))
            .Append(Task.Run(() => (Path: missing, Records: 0, Result: Qtrace.Run("info", missing))))
            .ToList();
        await Task.WhenAll(runs);

        foreach (var (path, records, result) in runs.Select(r => r.Result))
        {
            if (records == 0)
            {
                Assert.Equal(1, result.ExitCode);
                Assert.Equal("", result.Stdout);
                Assert.StartsWith($"qtrace: error: {path}: no such file", result.Stderr);
                continue;
            }

            Assert.Equal(0, result.ExitCode);
            Assert.Contains($"file          {path}\n", result.Stdout);
            Assert.Contains($"records       {records}\n", result.Stdout);
            Assert.Single(result.Stdout.Split('\n'), l => l.StartsWith("file ", StringComparison.Ordinal));
            Assert.Equal("", result.Stderr);
        }
    }

    [Fact]
    public void Help_and_command_line_errors_are_captured_too()
    {
        var help = Qtrace.Run("info", "--help");
        var unknown = Qtrace.Run("no-such-verb");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("info", help.Stdout);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("no-such-verb", unknown.Stderr);
    }
}
