using QemuTrace.Analysis;
using QemuTrace.Session;
using QemuTrace.Symbols;

namespace QemuTrace.Interactive.Tests;

/// <summary>The data/ boot analysed by the core directly, as the CLI does: what the notebook must agree with.</summary>
internal static class CoreReference
{
    private static readonly Lazy<BootAnalysis> Lazy = new(() =>
    {
        var session = TraceSession.Open(TraceKernel.Data("trace-simple-v4.bin.gz"), TraceKernel.Data("trace-events-all"));
        session.LoadSymbols(new SymbolSources { Vmlinux = TraceKernel.Data("vmlinux-symbols.gz") });
        return session.Analyze();
    });

    public static BootAnalysis Boot => Lazy.Value;
}
