using System.CommandLine;
using QemuTrace.Formats;
using QemuTrace.Session;

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
            Description = $"Skip format sniffing: {string.Join(", ", TraceFormatNames.Names)}.",
        };
        option.AcceptOnlyFromAmong([.. TraceFormatNames.Names]);
        return option;
    }

    public static TraceFormat? ParseInputFormat(string? value) => TraceFormatNames.Parse(value);

    public static ITraceReader OpenTrace(string trace, string? events, string? inputFormat)
    {
        var declarations = events is null ? null : TraceEventsFile.Load(events);
        return TraceFile.Open(trace, declarations, ParseInputFormat(inputFormat));
    }

    /// <summary>
    /// Opens the trace as a session (the application layer the analysis verbs and <c>#!trace</c> share): checks it
    /// exists, sniffs its format and validates its header.
    /// </summary>
    public static TraceSession OpenSession(string trace, string? events, string? inputFormat) =>
        TraceSession.Open(trace, events, ParseInputFormat(inputFormat));

    /// <summary>Prints an analysis's warnings on stderr, one <c>qtrace: warning: </c> line each, as the core words them.</summary>
    public static void PrintWarnings(IEnumerable<string> warnings)
    {
        foreach (var warning in warnings)
        {
            Console.Error.WriteLine($"qtrace: warning: {warning}");
        }
    }

    /// <summary>Prints what the reader noticed that the user should know, on stderr.</summary>
    public static void ReportWarnings(ITraceReader reader) => PrintWarnings(TraceWarnings.OfReader(reader));
}
