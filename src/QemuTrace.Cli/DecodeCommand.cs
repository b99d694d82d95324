using System.CommandLine;
using QemuTrace.Export;
using QemuTrace.Formats;

namespace QemuTrace.Cli;

/// <summary><c>qtrace decode</c>: prints a trace exactly as simpletrace.py does, or as TSV.</summary>
internal static class DecodeCommand
{
    public static Command Create()
    {
        var trace = CommonOptions.Trace();
        var events = CommonOptions.Events();
        var inputFormat = CommonOptions.InputFormat();
        var format = new Option<string>("--format")
        {
            Description = "simpletrace: byte for byte what `scripts/simpletrace.py TRACE-EVENTS TRACE` prints; tsv: `time_ns event pid args` with time since the first record.",
            DefaultValueFactory = _ => "simpletrace",
        };
        format.AcceptOnlyFromAmong("simpletrace", "tsv");
        var progress = new Option<bool>("--progress") { Description = "Show progress on stderr even when it is not a terminal." };
        var threads = new Option<int>("--threads")
        {
            Description = "Threads that format records (the output is the same bytes for any number): 0 for every core, 1 to read and format on one thread.",
            DefaultValueFactory = _ => 0,
        };
        threads.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--threads must be 0 (every core) or more");
            }
        });
        var command = new Command("decode", "Decode a trace to text: by default exactly what QEMU's scripts/simpletrace.py prints.")
        {
            trace, events, inputFormat, format, progress, threads,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var path = parse.GetValue(trace)!;
            using var reader = CommonOptions.OpenTrace(path, parse.GetValue(events), parse.GetValue(inputFormat));
            using var stdout = Console.OpenStandardOutput();
            Func<Stream, IRecordTextSource, ITraceRecordWriter> writer = parse.GetValue(format) == "tsv"
                ? (output, source) => new TsvRecordWriter(output, source)
                : (output, source) => new SimpletraceTextWriter(output, source);
            var reporter = new ProgressReporter(path, parse.GetValue(progress));
            TraceTextDecoder.Decode(reader, stdout, writer, parse.GetValue(threads), reporter.Update);
            reporter.Done();
            CommonOptions.ReportWarnings(reader);
            return 0;
        }));
        return command;
    }
}
