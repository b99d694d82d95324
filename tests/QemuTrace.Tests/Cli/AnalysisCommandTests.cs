using System.Text.Json;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Cli;

public class AnalysisCommandTests
{
    private static readonly string Trace = RepositoryData.PathOf("boot", "trace-simple-v4.bin.gz");
    private static readonly string Vmlinux = RepositoryData.PathOf("boot", "vmlinux-symbols.gz");

    /// <summary>`qtrace profile --format tsv` of the real boot, run once for the two tests that read it.</summary>
    private static readonly Lazy<Qtrace.Result> ProfileTsv = new(() => Qtrace.Run("profile", Trace, "--vmlinux", Vmlinux, "--format", "tsv"));

    /// <summary>`qtrace milestones --format json` of the real boot, run once for the two tests that read it.</summary>
    private static readonly Lazy<Qtrace.Result> MilestonesJson = new(() => Qtrace.Run("milestones", Trace, "--vmlinux", Vmlinux, "--format", "json"));

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
        var result = MilestonesJson.Value;

        var rows = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal("reset vector", rows[0].GetProperty("milestone").GetString());
        Assert.Equal(0, rows[0].GetProperty("time_ns").GetInt64());
        Assert.Equal("0xfffffff0", rows[0].GetProperty("pc").GetString());
    }

    [Fact]
    public void Json_output_carries_the_sha256_of_the_trace_and_symbols_the_tool_version_and_the_command()
    {
        var result = MilestonesJson.Value;

        Assert.Equal(0, result.ExitCode);
        var root = JsonDocument.Parse(result.Stdout).RootElement;
        var provenance = root.GetProperty("provenance");
        Assert.Equal(QemuTrace.Export.Provenance.ToolVersion, provenance.GetProperty("tool").GetString());
        Assert.Equal($"qtrace milestones {Trace} --vmlinux {Vmlinux} --format json", provenance.GetProperty("command").GetString());
        var inputs = provenance.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.GetProperty("file").GetString()!, i => i.GetProperty("sha256").GetString());
        Assert.Equal(QemuTrace.Export.Provenance.Sha256(Trace), inputs[Path.GetFullPath(Trace)]);
        Assert.Equal(QemuTrace.Export.Provenance.Sha256(Vmlinux), inputs[Path.GetFullPath(Vmlinux)]);
        Assert.Equal(2, inputs.Count);
        Assert.Equal("Boot milestones", root.GetProperty("table").GetString());
    }

    [Fact]
    public void Tsv_and_csv_stay_pure_data_without_provenance()
    {
        foreach (var format in new[] { "tsv", "csv" })
        {
            var result = Qtrace.Run("milestones", Trace, "--vmlinux", Vmlinux, "--format", format);

            Assert.Equal(0, result.ExitCode);
            Assert.StartsWith("time_ns", result.Stdout);
            Assert.DoesNotContain("sha256", result.Stdout);
            Assert.DoesNotContain(QemuTrace.Export.Provenance.Sha256(Trace), result.Stdout);
        }
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
        var tsv = Qtrace.Run("time-bins", Trace, "--vmlinux", Vmlinux, "--format", "csv", "--bin-ms", "100").Stdout.TrimEnd('\n').Split('\n');
        var profile = ProfileTsv.Value.Stdout.TrimEnd('\n').Split('\n');

        long binned = tsv.Skip(1).Sum(line => line.Split(',').Skip(1).Sum(long.Parse));
        long attributed = profile.Skip(1).Sum(line => long.Parse(line.Split('\t')[1]));
        Assert.Equal(attributed, binned);
        Assert.StartsWith("bin_start_ns,firmware_ns,early-boot_ns,kernel_ns", tsv[0]);
    }

    [Fact]
    public void Tracking_a_function_that_never_ran_fails_and_suggests_similar_names()
    {
        var result = Qtrace.Run("time-bins", Trace, "--vmlinux", Vmlinux, "--function", "text_poke");

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

public sealed class AnalysisWarningTests : IDisposable
{
    private readonly TempFiles _files = new();

    [Fact]
    public void The_cli_prints_the_sessions_warnings_word_for_word_on_stderr()
    {
        var trace = _files.Write("prefix.bin", RealTraceBytes.Prefix);
        var vmlinux = RepositoryData.PathOf("boot", "vmlinux-symbols.gz");
        var session = QemuTrace.Session.TraceSession.Open(trace, RealTraceBytes.EventsPath);
        session.LoadSymbols(new QemuTrace.Symbols.SymbolSources { Vmlinux = vmlinux });
        var warnings = session.Analyze(new QemuTrace.Session.AnalysisRequest()).Warnings;

        var result = Qtrace.Run("milestones", trace, "--events", RealTraceBytes.EventsPath, "--vmlinux", vmlinux, "--format", "tsv");

        Assert.Equal(0, result.ExitCode);
        Assert.NotEmpty(warnings);
        Assert.Equal(string.Concat(warnings.Select(w => $"qtrace: warning: {w}\n")), result.Stderr);
    }

    [Fact]
    public void A_trace_without_timestamps_is_warned_about_in_the_table_only_as_before()
    {
        var trace = _files.Write("qemu.log", "exec_tb tb:0x1 pc=0xfe05b\nexec_tb tb:0x2 pc=0xfe06b\n");
        var vmlinux = RepositoryData.PathOf("boot", "vmlinux-symbols.gz");

        var table = Qtrace.Run("profile", trace, "--vmlinux", vmlinux);
        var tsv = Qtrace.Run("profile", trace, "--vmlinux", vmlinux, "--format", "tsv");

        Assert.Equal((0, 0), (table.ExitCode, tsv.ExitCode));
        Assert.Equal($"qtrace: warning: {QemuTrace.Session.TraceWarnings.NoTimestamps(trace)}\n", table.Stderr);
        Assert.Equal("", tsv.Stderr);
    }

    public void Dispose() => _files.Dispose();
}
