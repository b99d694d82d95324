namespace QemuTrace.Session;

/// <summary>
/// What a front end asks of <see cref="TraceSession.Analyze(AnalysisRequest, IProgress{TraceProgress}?, CancellationToken)"/>:
/// the bin width and the functions to bin, with the option names the user gave them by, so that the session's checks
/// (<see cref="BinWidth"/>, <see cref="FunctionsRan"/>) name the user's own option.
/// </summary>
public sealed record AnalysisRequest
{
    /// <summary>Width of the time bins in ns; null: the width of the session's last analysis, else <see cref="BinWidth.DefaultNs"/>.</summary>
    public long? BinNs { get; init; }

    /// <summary>The option the bin width was given by (<c>--bin-ms</c>, <c>--bin</c>).</summary>
    public string BinOption { get; init; } = "--bin";

    /// <summary>Functions whose time is binned too; each must run in the trace.</summary>
    public IReadOnlyList<string> TrackedFunctions { get; init; } = [];

    /// <summary>The option the functions were given by (<c>--function</c> in both faces).</summary>
    public string FunctionOption { get; init; } = "--function";

    /// <summary>
    /// A user's own analyses (<see cref="Analysis.Passes.ITracePass"/>), run in the same pass after the built-in ones;
    /// a request with any always takes a new pass (its passes must see every block).
    /// </summary>
    public IReadOnlyList<Analysis.Passes.ITracePass> ExtraPasses { get; init; } = [];
}
