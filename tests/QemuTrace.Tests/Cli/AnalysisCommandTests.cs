using System.Text.Json;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Cli;

public class AnalysisCommandTests
{
    private static readonly string Trace = RepositoryData.PathOf("boot", "trace-simple-v4.bin.gz");
    private static readonly string Vmlinux = RepositoryData.PathOf("boot", "vmlinux-symbols.gz");

    /// <summary>`qtrace profile --format tsv` of the real boot, run once for the two tests that read it.</summary>
    private static readonly Lazy<Qtrace.Result> ProfileTsv = new(() => Qtrace.Run("profile", Trace, "--vmlinux", Vmlinux, "--format", "tsv"));

    [Fact]
    public void Profile_as_tsv_equals_the_independent_reference()
    {
        var result = ProfileTsv.Value;

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(File.ReadAllText(RepositoryData.PathOf("expected", "analysis", "profile.tsv")), result.Stdout);
    }

    [Fact]
    public void Milestones_as_json_carry_raw_numbers_and_names()
    {
        var result = Qtrace.Run("milestones", Trace, "--vmlinux", Vmlinux, "--format", "json");

        var rows = JsonDocument.Parse(result.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal("reset vector", rows[0].GetProperty("milestone").GetString());
        Assert.Equal(0, rows[0].GetProperty("time_ns").GetInt64());
        Assert.Equal("0xfffffff0", rows[0].GetProperty("pc").GetString());
    }

    [Fact]
    public void The_syscall_table_says_how_many_names_were_seen_inferred_or_unknown()
    {
        var result = Qtrace.Run("syscalls", Trace, "--vmlinux", Vmlinux, "--top", "5");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("named by a handler seen in the trace", result.Stdout);
        Assert.Contains("unknown (?)", result.Stdout);
    }

    [Fact]
    public void The_timeline_bins_add_up_to_the_attributed_time()
    {
        var tsv = Qtrace.Run("timeline", Trace, "--vmlinux", Vmlinux, "--format", "csv", "--bin-ms", "100").Stdout.TrimEnd('\n').Split('\n');
        var profile = ProfileTsv.Value.Stdout.TrimEnd('\n').Split('\n');

        long binned = tsv.Skip(1).Sum(line => line.Split(',').Skip(1).Sum(long.Parse));
        long attributed = profile.Skip(1).Sum(line => long.Parse(line.Split('\t')[1]));
        Assert.Equal(attributed, binned);
        Assert.StartsWith("bin_start_ns,firmware_ns,early-boot_ns,kernel_ns", tsv[0]);
    }

    [Fact]
    public void Tracking_a_function_that_never_ran_fails_and_suggests_similar_names()
    {
        var result = Qtrace.Run("timeline", Trace, "--vmlinux", Vmlinux, "--track", "text_poke");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("`text_poke` never ran in this trace", result.Stderr);
        Assert.Contains("__text_poke", result.Stderr);
    }

    [Fact]
    public void An_analysis_without_symbols_says_which_options_give_them()
    {
        var result = Qtrace.Run("profile", Trace);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--vmlinux", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }
}

public class DiffCommandTests
{
    [Fact]
    public void A_boot_compared_with_itself_changes_nothing()
    {
        var trace = RepositoryData.PathOf("boot", "trace-simple-v4.bin.gz");

        var result = Qtrace.Run("diff", trace, trace, "--vmlinux", RepositoryData.PathOf("boot", "vmlinux-symbols.gz"), "--format", "tsv");

        Assert.Equal(0, result.ExitCode);
        var deltas = result.Stdout.Split('\n').Where(l => l.Contains('\t') && !l.StartsWith("milestone") && !l.StartsWith("function"))
            .Select(l => l.Split('\t')).ToList();
        Assert.True(deltas.Count > 1000);
        Assert.All(deltas, cells => Assert.Equal("0", cells[3]));
    }

    [Fact]
    public void The_log_backend_boot_reaches_the_same_milestones_later_than_the_simple_backend_boot()
    {
        var result = Qtrace.Run("diff", RepositoryData.PathOf("boot", "trace-simple-v4.bin.gz"), RepositoryData.PathOf("boot", "qemu-log.txt.gz"),
            "--vmlinux", RepositoryData.PathOf("boot", "vmlinux-symbols.gz"), "--format", "csv");

        var milestones = result.Stdout.Split('\n').Skip(1).TakeWhile(l => !l.StartsWith("function")).Where(l => l.Length > 0)
            .Select(l => l.Split(',')).ToList();
        Assert.Contains(milestones, m => m[0] == "power-off" && long.Parse(m[3]) > 0);
        Assert.All(milestones, m => Assert.NotEqual("-1", m[2]));
    }
}
