using System.Diagnostics;
using Microsoft.DotNet.Interactive;
using QemuTrace.Analysis;
using QemuTrace.Interactive.Formatting;
using QemuTrace.Session;

namespace QemuTrace.Interactive;

/// <summary>
/// Gives the subcommands the current session's analysis, running the one streaming pass when there is none yet (or it
/// was made with other symbols, bins or tracked functions, or a user's passes must run), with an updating progress display. A failed or cancelled
/// pass keeps the previous analysis and leaves the kernel usable.
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

        foreach (var function in tracked ?? [])
        {
            RequireKnownFunction(session.Symbols, function);
        }

        var previous = notebook.AnalyzedWith;
        var wantedBins = binNs ?? previous?.BinNs ?? new BootAnalysisOptions().BinNs;
        var wantedTracked = (previous?.TrackedFunctions ?? []).Union(tracked ?? []).ToList();
        if (extraPasses is not { Count: > 0 } && session.Analysis is { } done && previous is not null && ReferenceEquals(notebook.AnalyzedSymbols, session.Symbols)
            && previous.BinNs == wantedBins && wantedTracked.All(previous.TrackedFunctions.Contains))
        {
            return done;
        }

        var options = new BootAnalysisOptions { BinNs = wantedBins, TrackedFunctions = wantedTracked };
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
        var analysis = await Task.Run(() => session.Analyze(options, progress, context.CancellationToken, extraPasses), context.CancellationToken);
        display.Finish(view with { Records = analysis.Records, Done = true, Elapsed = clock.Elapsed });
        notebook.AnalyzedWith = options;
        notebook.AnalyzedSymbols = session.Symbols;
        await VariableBinder.BindAsync(context, "analysis", analysis);
        return analysis;
    }

    /// <summary>
    /// A tracked function must be a symbol (or a region's [pseudo-function]): a typo would otherwise add a column of zeros
    /// that stays in every later result.
    /// </summary>
    private static void RequireKnownFunction(QemuTrace.Symbols.Symbolizer symbols, string function)
    {
        if (function.StartsWith('[') || symbols.Files.Any(f => f.IndexOf(function) >= 0))
        {
            return;
        }

        var names = symbols.Files.SelectMany(f => Enumerable.Range(0, f.SymbolCount).Select(f.GetPrintName));
        var similar = names.Where(n => n.Contains(function, StringComparison.OrdinalIgnoreCase)).Distinct().Order(StringComparer.Ordinal).Take(5).ToList();
        string hint = similar.Count > 0 ? $"; similar: {string.Join(", ", similar)}" : DirectiveChecker.Suggest(function, names.Distinct());
        throw new TraceCommandException($"no function `{function}` in the loaded symbols (names are as gdb prints them; `#!trace profile` lists those that ran){hint}");
    }

    /// <summary>Reports on the reading thread (no synchronization context hop), so updates keep pace with the pass.</summary>
    private sealed class InlineProgress(Action<TraceProgress> report) : IProgress<TraceProgress>
    {
        public void Report(TraceProgress value) => report(value);
    }
}
