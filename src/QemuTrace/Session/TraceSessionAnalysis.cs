using QemuTrace.Analysis;
using QemuTrace.Formats;
using QemuTrace.Symbols;

namespace QemuTrace.Session;

/// <summary>
/// The application layer both front ends go through (the <c>qtrace</c> verbs and <c>#!trace</c>): checked requests,
/// one cached analysis per session, and the warnings of each pass. The rules live here once: the bin width
/// (<see cref="BinWidth"/>), functions that must have run (<see cref="FunctionsRan"/>), the vmlinux's own
/// <c>sys_call_table</c> for naming syscalls, and the words of every warning (<see cref="TraceWarnings"/>).
/// </summary>
public sealed partial class TraceSession
{
    private SymbolSources? _symbolSources;
    private (Symbolizer Symbols, SyscallTable Table, IReadOnlyList<string> Warnings)? _syscalls;
    private AnsweredRequest? _answered;

    /// <summary>The KASLR offset found when the symbols were loaded with <c>auto</c>, or null.</summary>
    public KaslrEstimate? Kaslr => _kaslr;

    /// <summary>
    /// Uses symbols loaded already (e.g. once for two traces compared with each other); <paramref name="sources"/>,
    /// when given, says where they came from (the vmlinux's <c>sys_call_table</c> names syscalls).
    /// </summary>
    public void UseSymbols(Symbolizer symbols, SymbolSources? sources = null)
    {
        Symbols = symbols;
        _symbolSources = sources;
        _kaslr = null;
        _kaslrOffset = sources?.KaslrOffset;
    }

    /// <summary>
    /// The analysis that answers <paramref name="request"/>: the session's last one when it was made with these
    /// symbols, this bin width and (at least) these functions, else a new pass, which tracks the functions of the last
    /// analysis too, so that a notebook keeps its columns. Checks the request first (bin width, against the trace's
    /// duration once known; functions against the last analysis's profile) and the functions again after the pass.
    /// </summary>
    /// <exception cref="InputException">Too narrow a bin, or a function that never ran; the session keeps its last analysis.</exception>
    /// <exception cref="InvalidOperationException">No symbols loaded.</exception>
    public SessionAnalysis Analyze(AnalysisRequest request, IProgress<TraceProgress>? progress = null, CancellationToken cancel = default)
    {
        var symbols = Symbols ?? throw new InvalidOperationException("load symbols first (LoadSymbols): without them every kernel PC would be [kernel]");
        var last = LastAnswer();
        bool sameSymbols = last is not null && ReferenceEquals(last.Symbols, symbols);
        if (sameSymbols)
        {
            // Which functions ran does not depend on the bins or the tracked functions: refuse a typo before a pass.
            FunctionsRan.Require(last!.Answer.Analysis, request.TrackedFunctions, request.FunctionOption);
        }

        long binNs = request.BinNs is long asked
            ? BinWidth.Check(asked, request.BinOption, Analysis?.DurationNs)
            : last?.Options.BinNs ?? BinWidth.DefaultNs;
        var tracked = (sameSymbols ? last!.Options.TrackedFunctions : []).Union(request.TrackedFunctions).ToList();
        if (request.ExtraPasses.Count == 0 && sameSymbols && last!.Options.BinNs == binNs
            && (tracked.All(last.Options.TrackedFunctions.Contains) || TrackFromKeptBins(last, tracked)))
        {
            return _answered!.Answer with { IsNew = false };
        }

        var (syscallTable, warnings) = SyscallTableOfSymbols(symbols);
        var options = new BootAnalysisOptions { BinNs = binNs, TrackedFunctions = tracked, SyscallTable = syscallTable, KeepFunctionBins = KeepFunctionBins };
        using var reader = OpenReader();
        long fileBytes = FileBytes();
        var analysis = BootAnalyzer.Run(reader, new SymbolizerPcSource(symbols), options, request.ExtraPasses,
            progress is null ? null : (records, bytes) => progress.Report(new TraceProgress(records, bytes, fileBytes)), cancel);
        FunctionsRan.Require(analysis, request.TrackedFunctions, request.FunctionOption);
        var all = new List<string>(warnings);
        if (!reader.HasTimestamps)
        {
            all.Add(TraceWarnings.NoTimestamps(TracePath));
        }

        all.AddRange(TraceWarnings.OfReader(reader));
        if (TraceWarnings.OfSymbolFit(TracePath, analysis) is { } fit)
        {
            all.Add(fit);
        }

        Analysis = analysis;
        _statistics = reader.Statistics;
        _eventTable = reader.Events;
        var answer = new SessionAnalysis(analysis, all, reader.HasTimestamps, IsNew: true);
        _answered = new AnsweredRequest(answer, options, symbols);
        return answer;
    }

    /// <summary>The analysis that answers <paramref name="request"/> without a pass, or null when a pass is needed.</summary>
    public SessionAnalysis? Answered(AnalysisRequest request)
    {
        if (request.ExtraPasses.Count > 0 || Symbols is not { } symbols || LastAnswer() is not { } last || !ReferenceEquals(last.Symbols, symbols))
        {
            return null;
        }

        long binNs = request.BinNs ?? last.Options.BinNs;
        if (binNs != last.Options.BinNs)
        {
            return null;
        }

        if (request.TrackedFunctions.All(last.Options.TrackedFunctions.Contains))
        {
            return last.Answer with { IsNew = false };
        }

        FunctionsRan.Require(last.Answer.Analysis, request.TrackedFunctions, request.FunctionOption);
        return TrackFromKeptBins(last, last.Options.TrackedFunctions.Union(request.TrackedFunctions).ToList()) ? _answered!.Answer with { IsNew = false } : null;
    }

    /// <summary>The last answer, while it is still the session's analysis (the options overload of Analyze replaces it).</summary>
    /// <summary>
    /// When the last analysis kept every function's bins, tracks <paramref name="tracked"/>'s new functions from them
    /// (the same bins a pass would give) and records the wider answer; false when a pass is needed.
    /// </summary>
    private bool TrackFromKeptBins(AnsweredRequest last, IReadOnlyList<string> tracked)
    {
        var analysis = last.Answer.Analysis;
        if (analysis.FunctionBins is not { } kept || kept.BinNs != last.Options.BinNs)
        {
            return false;
        }

        foreach (var function in tracked.Where(f => !last.Options.TrackedFunctions.Contains(f)))
        {
            // A function that ran but never owned time has no kept bins; a pass gives it an empty list too.
            analysis.Bins.Track(function, kept.TryGet(function, out var bins) ? bins : []);
        }

        _answered = last with { Options = last.Options with { TrackedFunctions = tracked } };
        return true;
    }

    private AnsweredRequest? LastAnswer() => _answered is { } last && ReferenceEquals(last.Answer.Analysis, Analysis) ? last : null;

    /// <summary>
    /// The vmlinux's own <c>sys_call_table</c> when the symbols came from a vmlinux that keeps section contents, else
    /// the x86-64 ABI table; read once per loaded symbols.
    /// </summary>
    private (SyscallTable Table, IReadOnlyList<string> Warnings) SyscallTableOfSymbols(Symbolizer symbols)
    {
        if (_syscalls is { } known && ReferenceEquals(known.Symbols, symbols))
        {
            return (known.Table, known.Warnings);
        }

        var table = SyscallTable.X64Abi;
        IReadOnlyList<string> warnings = [];
        if (_symbolSources?.Vmlinux is string vmlinux)
        {
            try
            {
                table = SyscallTable.FromVmlinux(vmlinux);
                warnings = table.Disagreements.Select(d => TraceWarnings.SyscallTableEntry(vmlinux, d)).ToList();
            }
            catch (TraceFormatException)
            {
                // A symbols-only vmlinux (objcopy --strip-debug of sections' contents): syscall numbers take the ABI table's names.
            }
        }

        _syscalls = (symbols, table, warnings);
        return (table, warnings);
    }

    /// <summary>An answer and what it was computed with.</summary>
    private sealed record AnsweredRequest(SessionAnalysis Answer, BootAnalysisOptions Options, Symbolizer Symbols);
}
