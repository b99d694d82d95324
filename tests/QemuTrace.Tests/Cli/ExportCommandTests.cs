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
        AssertNoSliceOverlapsTheNextOnItsTrack(events);
        Assert.DoesNotContain(events, e => e.GetProperty("ph").GetString() == "X" && e.TryGetProperty("args", out _));
    }

    /// <summary>What speedscope checks: in float64, every slice ends at or before the next slice on its track begins.</summary>
    private static void AssertNoSliceOverlapsTheNextOnItsTrack(List<JsonElement> events)
    {
        var slices = events.Where(e => e.GetProperty("ph").GetString() == "X")
            .Select(e => (Tid: e.GetProperty("tid").GetInt32(), Ts: e.GetProperty("ts").GetDouble(), Dur: e.GetProperty("dur").GetDouble()));
        int checkedSlices = 0;
        foreach (var track in slices.GroupBy(s => s.Tid))
        {
            var ordered = track.ToList();
            for (int i = 0; i + 1 < ordered.Count; i++)
            {
                Assert.True(ordered[i].Ts + ordered[i].Dur <= ordered[i + 1].Ts, $"track {track.Key}: slice at {ordered[i].Ts} + {ordered[i].Dur} passes the next at {ordered[i + 1].Ts}");
                checkedSlices++;
            }
        }

        Assert.True(checkedSlices > 100_000, $"{checkedSlices} slices checked");
    }

    [Theory]
    [InlineData(1_000_001L, 1_000_002L)]
    [InlineData(3_289_163_138L, 3_289_749_804L)]
    [InlineData(100L, 300L)]
    [InlineData(1L, 5_779_810_325L)]
    public void A_chrome_slice_ends_no_later_than_the_next_begins_in_float64(long startNs, long endNs)
    {
        var (ts, dur) = QemuTrace.Export.ChromeTraceWriter.SliceMicroseconds(startNs, endNs);
        double next = endNs / 1000.0;
        Assert.Equal(startNs / 1000.0, ts);
        Assert.True(ts + dur <= next);
        Assert.True(next - (ts + dur) <= Math.BitIncrement(next) - next, "ends as close to the next slice as float64 allows");
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
