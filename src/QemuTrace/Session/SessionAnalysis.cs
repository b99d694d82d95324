using QemuTrace.Analysis;

namespace QemuTrace.Session;

/// <summary>An analysis as a <see cref="TraceSession"/> answers a request: the result and what the user should be told about it.</summary>
/// <param name="Analysis">The result of the pass.</param>
/// <param name="Warnings">Every warning of the pass (see <see cref="TraceWarnings"/>), worded once, in the order to show them.</param>
/// <param name="HasTimestamps">False when the trace carries no timestamps: times are all 0.</param>
/// <param name="IsNew">True when this request ran the pass; false when the session's earlier analysis answered it (its warnings were shown then).</param>
public sealed record SessionAnalysis(BootAnalysis Analysis, IReadOnlyList<string> Warnings, bool HasTimestamps, bool IsNew)
{
    /// <summary>
    /// <see cref="Warnings"/> without the no-timestamps warning: tsv, csv and json carry the zero times as data for
    /// programs, and the CLI has always kept that warning to the aligned table.
    /// </summary>
    public IEnumerable<string> WarningsForMachineFormats(string trace) =>
        HasTimestamps ? Warnings : Warnings.Where(w => w != TraceWarnings.NoTimestamps(trace));
}
