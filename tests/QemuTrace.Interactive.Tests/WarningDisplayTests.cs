using System.IO.Compression;
using System.Net;
using QemuTrace.Session;
using QemuTrace.Symbols;

namespace QemuTrace.Interactive.Tests;

/// <summary>Issue 9 item 1: an analysis's warnings (worded by the core) show in a warning block, once per analysis.</summary>
public sealed class WarningDisplayTests : IDisposable
{
    private readonly TraceKernel _kernel = new();
    private readonly string _trace = Path.Combine(Path.GetTempPath(), $"qtrace-truncated-{Guid.NewGuid():N}.bin");

    public WarningDisplayTests()
    {
        // The first 4 MiB of the real trace: it ends inside a record, which the reader reports as truncation.
        using var gz = new GZipStream(File.OpenRead(TraceKernel.Data("trace-simple-v4.bin.gz")), CompressionMode.Decompress);
        var prefix = new byte[4 << 20];
        gz.ReadExactly(prefix);
        File.WriteAllBytes(_trace, prefix);
    }

    [Fact]
    public async Task A_truncated_trace_shows_the_core_warnings_in_a_warning_block_once_per_analysis()
    {
        var session = TraceSession.Open(_trace, TraceKernel.Data("trace-events-all"));
        session.LoadSymbols(new SymbolSources { Vmlinux = TraceKernel.Data("vmlinux-symbols.gz") });
        var warnings = session.Analyze(new AnalysisRequest()).Warnings;
        await _kernel.SucceedAsync($"#!trace load {_trace} --events {TraceKernel.Data("trace-events-all")}");
        await _kernel.SucceedAsync($"#!trace symbols --vmlinux {TraceKernel.Data("vmlinux-symbols.gz")}");

        var first = TraceKernel.Html(await _kernel.SucceedAsync("#!trace profile"));
        var again = TraceKernel.Html(await _kernel.SucceedAsync("#!trace first-calls"));

        Assert.Contains(warnings, w => w.Contains("ends inside a record", StringComparison.Ordinal));
        Assert.Contains("class=\"qtrace-warning\"", first);
        Assert.All(warnings, w => Assert.Contains(WebUtility.HtmlEncode(w), first));
        Assert.DoesNotContain("qtrace-warning", again);
    }

    [Fact]
    public async Task The_bundled_boot_shows_no_warning_block()
    {
        await _kernel.LoadBootAsync();

        Assert.DoesNotContain("qtrace-warning", TraceKernel.Html(await _kernel.SucceedAsync("#!trace profile")));
    }

    public void Dispose()
    {
        _kernel.Dispose();
        File.Delete(_trace);
    }
}
