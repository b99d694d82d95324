using System.Text.Json;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Cli;

public class ExportCommandTests : IDisposable
{
    private static readonly string Trace = RepositoryData.PathOf("boot", "trace-simple-v4.bin.gz");
    private static readonly string Vmlinux = RepositoryData.PathOf("boot", "vmlinux-symbols.gz");
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static long AttributedNs() =>
        File.ReadAllLines(RepositoryData.PathOf("expected", "analysis", "profile.tsv")).Skip(1).Sum(l => long.Parse(l.Split('\t')[1]));

    [Fact]
    public void Chrome_json_function_slices_cover_exactly_the_attributed_time_and_carry_the_milestones()
    {
        var output = _files.PathOf("boot.json");

        var result = Qtrace.Run("export", Trace, "--vmlinux", Vmlinux, "-o", output);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(File.ReadAllBytes(output));
        var events = json.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        double functionUs = events.Where(e => e.TryGetProperty("cat", out var c) && c.GetString() == "function").Sum(e => e.GetProperty("dur").GetDouble());
        Assert.Equal(AttributedNs() / 1000.0, functionUs, 0.5);
        Assert.Contains(events, e => e.GetProperty("ph").GetString() == "i" && e.GetProperty("name").GetString() == "start_kernel");
        Assert.Contains(events, e => e.TryGetProperty("cat", out var c) && c.GetString() == "syscall" && e.GetProperty("name").GetString() == "finit_module");
    }

    [Fact]
    public void Folded_stacks_sum_to_the_attributed_time()
    {
        var output = _files.PathOf("boot.folded");

        Qtrace.Run("export", Trace, "--vmlinux", Vmlinux, "--to", "folded", "-o", output);

        var lines = File.ReadAllLines(output);
        Assert.Equal(AttributedNs(), lines.Sum(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..])));
        Assert.StartsWith("early-boot;[early-boot] ", lines[0]);
    }
}
