using QemuTrace.Analysis;
using QemuTrace.Formats;

namespace QemuTrace.Session;

/// <summary>
/// The words of every warning an analysis can carry, in one place: what the reader noticed (truncation, dropped
/// events, corrupt timestamps, its own warnings), a trace without timestamps, symbols that do not fit the trace, and
/// a vmlinux's <c>sys_call_table</c> disagreeing with the x86-64 ABI. Each is <c>SOURCE: TEXT</c>; the CLI prints
/// <c>qtrace: warning: </c> before it, <c>#!trace</c> shows it in a warning block.
/// </summary>
public static class TraceWarnings
{
    /// <summary>What <paramref name="reader"/> noticed during a pass that the user should know.</summary>
    public static IEnumerable<string> OfReader(ITraceReader reader)
    {
        var stats = reader.Statistics;
        if (stats.TruncatedAt is long at)
        {
            yield return $"{reader.Source}: the trace ends inside a record starting at byte offset {at} ({stats.BytesRead - at} bytes of it); all {stats.Records} complete records before it were read (QEMU was probably killed before flushing its trace buffer)";
        }

        if (stats.DroppedRecords > 0)
        {
            yield return $"{reader.Source}: QEMU dropped {stats.DroppedEvents} events ({stats.DroppedRecords} Dropped_Event records): its trace buffer overflowed, so intervals across them are longer than what was recorded";
        }

        if (stats.CorruptTimestamps > 0)
        {
            yield return $"{reader.Source}: {stats.CorruptTimestamps} record(s) with a timestamp far (over 1 s) from both neighbours, which no clock produces: a corrupt trace; each was given its predecessor's time";
        }

        foreach (var warning in stats.Warnings)
        {
            yield return $"{reader.Source}: {warning}";
        }

        if (stats.Records == 0 && stats.SkippedLines > 0)
        {
            yield return $"{reader.Source}: no trace records in {stats.SkippedLines} lines";
        }
    }

    /// <summary>The trace carries no timestamps (log backend without <c>-msg timestamp=on</c>).</summary>
    public static string NoTimestamps(string trace) =>
        $"{trace}: the trace has no timestamps (log backend without -msg timestamp=on): times are all 0, counts are still right";

    /// <summary>The symbols do not fit the trace (see <see cref="SymbolFit"/>), or null.</summary>
    public static string? OfSymbolFit(string trace, BootAnalysis analysis) =>
        SymbolFit.Warning(analysis) is { } warning ? $"{trace}: {warning}" : null;

    /// <summary>A <c>sys_call_table</c> entry of <paramref name="vmlinux"/> that disagrees with the ABI table.</summary>
    public static string SyscallTableEntry(string vmlinux, object disagreement) =>
        $"{vmlinux}: sys_call_table entry {disagreement}";
}
