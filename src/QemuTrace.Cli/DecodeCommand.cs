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
        var command = new Command("decode", "Decode a trace to text: by default exactly what QEMU's scripts/simpletrace.py prints.")
        {
            trace, events, inputFormat, format, progress,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var path = parse.GetValue(trace)!;
            using var reader = CommonOptions.OpenTrace(path, parse.GetValue(events), parse.GetValue(inputFormat));
            using var stdout = Console.OpenStandardOutput();
            ITraceRecordWriter writer = parse.GetValue(format) == "tsv"
                ? new TsvRecordWriter(stdout, reader)
                : new SimpletraceTextWriter(stdout, reader);
            var reporter = new ProgressReporter(path, parse.GetValue(progress));
            writer.WriteHeader();
            var record = default(TraceRecord);
            long n = 0;
            while (reader.Read(ref record))
            {
                writer.Write(record);
                reporter.Update(++n, reader.Statistics.BytesRead);
            }

            writer.Flush();
            reporter.Done();
            CommonOptions.ReportWarnings(reader);
            return 0;
        }));
        return command;
    }
}
