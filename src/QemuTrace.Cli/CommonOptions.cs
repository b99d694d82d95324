using System.CommandLine;
using QemuTrace.Formats;

namespace QemuTrace.Cli;

/// <summary>Options several verbs share, and their conversion to core types.</summary>
internal static class CommonOptions
{
    public static Argument<string> Trace() => new("trace")
    {
        Description = "The trace: simple-backend binary (log v0/2/3/4), log-backend text, simpletrace.py output, TIMESTAMP PC lines or a qtrace-blocks capture; .gz is read as is.",
    };

    public static Option<string?> Events() => new("--events")
    {
        Description = "The QEMU build's trace-events-all (argument names and types; required for log versions 2 and 3). Without it the exec_tb events use QEMU 7.2's declarations.",
    };

    public static Option<string?> InputFormat()
    {
        var option = new Option<string?>("--input-format")
        {
            Description = "Skip format sniffing: simple, log, simpletrace, timestamp-pc or blocks.",
        };
        option.AcceptOnlyFromAmong("simple", "log", "simpletrace", "timestamp-pc", "blocks");
        return option;
    }

    public static TraceFormat? ParseInputFormat(string? value) => value switch
    {
        null => null,
        "simple" => TraceFormat.Simple,
        "log" => TraceFormat.Log,
        "simpletrace" => TraceFormat.SimpletraceText,
        "timestamp-pc" => TraceFormat.TimestampPc,
        "blocks" => TraceFormat.Blocks,
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static ITraceReader OpenTrace(string trace, string? events, string? inputFormat)
    {
        var declarations = events is null ? null : TraceEventsFile.Load(events);
        return TraceFile.Open(trace, declarations, ParseInputFormat(inputFormat));
    }

    /// <summary>A <c>--bin-ms</c> value as ns; below 0.1 ms the bins of a long trace would not fit in memory.</summary>
    public static long BinNs(double milliseconds)
    {
        if (!(milliseconds >= 0.1))
        {
            throw new TraceFormatException("--bin-ms", null, $"{milliseconds} is too small a bin width; give at least 0.1 (ms), e.g. 10");
        }

        return (long)Math.Round(milliseconds * 1e6);
    }

    /// <summary>Fails when a function asked for by name never ran in the trace (a typo would otherwise chart or bin nothing).</summary>
    public static void RequireFunctionsSeen(QemuTrace.Analysis.BootAnalysis analysis, IEnumerable<string> functions, string option)
    {
        var seen = analysis.Profile.Select(p => p.Function).ToHashSet(StringComparer.Ordinal);
        foreach (var function in functions.Where(f => !seen.Contains(f)))
        {
            var similar = seen.Where(s => s.Contains(function, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).Take(5).ToList();
            throw new TraceFormatException(option, null,
                $"`{function}` never ran in this trace (names are as gdb prints them; `qtrace profile` lists them){(similar.Count > 0 ? $"; similar: {string.Join(", ", similar)}" : "")}");
        }
    }

    /// <summary>Warns on stderr when the symbols do not fit the trace (most kernel time in no symbol).</summary>
    public static void ReportSymbolFit(string trace, QemuTrace.Analysis.BootAnalysis analysis)
    {
        if (QemuTrace.Analysis.SymbolFit.Warning(analysis) is { } warning)
        {
            Console.Error.WriteLine($"qtrace: warning: {trace}: {warning}");
        }
    }

    /// <summary>Prints what the reader noticed that the user should know, on stderr.</summary>
    public static void ReportWarnings(ITraceReader reader)
    {
        var stats = reader.Statistics;
        if (stats.TruncatedAt is long at)
        {
            Console.Error.WriteLine($"qtrace: warning: {reader.Source}: the trace ends inside a record starting at byte offset {at} ({stats.BytesRead - at} bytes of it); all {stats.Records} complete records before it were read (QEMU was probably killed before flushing its trace buffer)");
        }

        if (stats.DroppedRecords > 0)
        {
            Console.Error.WriteLine($"qtrace: warning: {reader.Source}: QEMU dropped {stats.DroppedEvents} events ({stats.DroppedRecords} Dropped_Event records): its trace buffer overflowed, so intervals across them are longer than what was recorded");
        }

        if (stats.CorruptTimestamps > 0)
        {
            Console.Error.WriteLine($"qtrace: warning: {reader.Source}: {stats.CorruptTimestamps} record(s) with a timestamp far (over 1 s) from both neighbours, which no clock produces: a corrupt trace; each was given its predecessor's time");
        }

        foreach (var warning in stats.Warnings)
        {
            Console.Error.WriteLine($"qtrace: warning: {reader.Source}: {warning}");
        }

        if (stats.Records == 0 && stats.SkippedLines > 0)
        {
            Console.Error.WriteLine($"qtrace: warning: {reader.Source}: no trace records in {stats.SkippedLines} lines");
        }
    }
}
