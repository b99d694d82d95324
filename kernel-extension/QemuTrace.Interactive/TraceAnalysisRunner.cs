using System.Diagnostics;
using Microsoft.DotNet.Interactive;
using QemuTrace.Analysis;
using QemuTrace.Interactive.Formatting;
using QemuTrace.Session;

namespace QemuTrace.Interactive;

/// <summary>
/// Gives the subcommands the current session's analysis through <see cref="TraceSession.Analyze(AnalysisRequest, IProgress{TraceProgress}?, CancellationToken)"/>
/// (the layer the CLI goes through too), with an updating progress display while a pass runs and the pass's warnings
/// in a warning block, once per analysis; a user's own passes (<c>#!trace run</c>) always take a new pass. A failed or
/// cancelled pass keeps the previous analysis and leaves the kernel usable.
/// </summary>
internal static class TraceAnalysisRunner
{
    private static readonly TimeSpan UpdateEvery = TimeSpan.FromMilliseconds(200);

    public static async Task<BootAnalysis> EnsureAsync(KernelInvocationContext context, long? binNs = null, IReadOnlyList<string>? tracked = null,
        IReadOnlyList<QemuTrace.Analysis.Passes.ITracePass>? extraPasses = null)
    {
        var notebook = TraceNotebook.For(context.HandlingKernel);
        var session = notebook.RequireSession();
        if (session.Symbols is null)
        {
            throw new TraceCommandException("no symbols loaded: run `#!trace symbols --vmlinux PATH` (or --system-map / --kallsyms) first; without them every kernel PC would be [kernel]");
        }

        // The session owns the rules (bin width, functions that must have run) and the cache: this only shows progress and warnings.
        var request = new AnalysisRequest { BinNs = binNs, BinOption = "--bin", TrackedFunctions = tracked ?? [], FunctionOption = "--function", ExtraPasses = extraPasses ?? [] };
        if (session.Answered(request) is { } answered)
        {
            return answered.Analysis;
        }

        var view = new TraceProgressView(session.TracePath, 0, 0, 0, false);
        var display = TraceProgressDisplay.Start(context, view);
        var clock = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        var progress = new InlineProgress(p =>
        {
            if (clock.Elapsed - last >= UpdateEvery)
            {
                last = clock.Elapsed;
                display.Update(view with { Records = p.Records, BytesRead = p.BytesRead, FileBytes = p.FileBytes });
            }
        });
        var result = await Task.Run(() => session.Analyze(request, progress, context.CancellationToken), context.CancellationToken);
        display.Finish(view with { Records = result.Analysis.Records, Done = true, Elapsed = clock.Elapsed });
        if (result.IsNew && result.Warnings.Count > 0)
        {
            context.DisplayAs(TraceWarningsHtml.Render(result.Warnings), "text/html");
        }

        await VariableBinder.BindAsync(context, "analysis", result.Analysis);
        return result.Analysis;
    }

    /// <summary>Reports on the reading thread (no synchronization context hop), so updates keep pace with the pass.</summary>
    private sealed class InlineProgress(Action<TraceProgress> report) : IProgress<TraceProgress>
    {
        public void Report(TraceProgress value) => report(value);
    }
}
