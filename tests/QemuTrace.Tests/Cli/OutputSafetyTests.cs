using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Cli;

/// <summary>No verb writes over one of its inputs; each refuses before reading anything, in one line naming both.</summary>
public class OutputSafetyTests : IDisposable
{
    private static readonly string RealTrace = RepositoryData.PathOf("boot", "trace-simple-v4.bin.gz");
    private static readonly string RealVmlinux = RepositoryData.PathOf("boot", "vmlinux-symbols.gz");
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string Copy(string source, string name)
    {
        var path = _files.PathOf(name);
        File.Copy(source, path);
        return path;
    }

    private static void AssertRefusedAndIntact(Qtrace.Result result, string input, byte[] before)
    {
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("refusing to write the output over the input", line);
        Assert.Contains(input, line);
        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Fact]
    public void Export_to_its_own_trace_is_refused_and_the_trace_keeps_every_byte()
    {
        var trace = Copy(RealTrace, "trace.bin.gz");
        var before = File.ReadAllBytes(trace);

        AssertRefusedAndIntact(Qtrace.Run("export", trace, "--vmlinux", RealVmlinux, "-o", trace), trace, before);
    }

    [Fact]
    public void Export_folded_over_the_trace_through_a_symlink_is_refused()
    {
        var trace = Copy(RealTrace, "trace.bin.gz");
        var before = File.ReadAllBytes(trace);
        var alias = _files.PathOf("alias.folded");
        File.CreateSymbolicLink(alias, trace);

        AssertRefusedAndIntact(Qtrace.Run("export", trace, "--vmlinux", RealVmlinux, "--to", "folded", "-o", alias), trace, before);
    }

    [Fact]
    public void Html_report_over_the_vmlinux_is_refused()
    {
        var vmlinux = Copy(RealVmlinux, "vmlinux.gz");
        var before = File.ReadAllBytes(vmlinux);

        AssertRefusedAndIntact(Qtrace.Run("html-report", RealTrace, "--vmlinux", vmlinux, "-o", vmlinux), vmlinux, before);
    }

    [Fact]
    public void Synth_over_the_trace_it_imitates_is_refused()
    {
        var trace = Copy(RealTrace, "trace.bin.gz");
        var before = File.ReadAllBytes(trace);

        AssertRefusedAndIntact(Qtrace.Run("synth", trace, "--like", trace, "--records", "10"), trace, before);
    }
}
