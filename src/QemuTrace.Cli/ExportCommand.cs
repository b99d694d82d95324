using System.CommandLine;
using QemuTrace.Analysis;
using QemuTrace.Export;
using QemuTrace.Files;
using QemuTrace.Session;

namespace QemuTrace.Cli;

/// <summary><c>qtrace export</c>: the boot for other viewers: Chrome trace JSON (ui.perfetto.dev) or folded stacks (speedscope, FlameGraph).</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var trace = CommonOptions.Trace();
        var events = CommonOptions.Events();
        var symbols = new SymbolOptions();
        var format = new Option<string>("--to")
        {
            Description = "chrome-json: trace-event JSON for ui.perfetto.dev / chrome://tracing (function runs, syscalls, stages, milestones); folded: `region;function NS` lines for speedscope and flamegraph.pl (two levels only: an exec_tb trace has no call stacks); parquet: a folder (-o DIR) of Parquet tables, every symbolized record and every result table, for `qtrace sql`, DuckDB, Spark or pandas.",
            DefaultValueFactory = _ => "chrome-json",
        };
        format.AcceptOnlyFromAmong("chrome-json", "folded", "parquet");
        var output = new Option<string>("--output", "-o") { Description = "The file to write (parquet: the folder).", Required = true };
        var minimum = new Option<long>("--min-slice-ns") { Description = "chrome-json: drop function runs shorter than this (smaller files).", DefaultValueFactory = _ => 0 };
        var command = new Command("export", "Export a boot for Perfetto/Chrome tracing or for flame graphs.")
        {
            trace, events, format, output, minimum,
        };
        symbols.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var path = parse.GetValue(trace)!;
            var target = parse.GetValue(output)!;
            string?[] inputs = [path, parse.GetValue(events), .. symbols.Inputs(parse)];
            OutputFile.RefuseInputs(target, inputs);
            var hashing = parse.GetValue(format) == "parquet"
                ? CommandProvenance.Begin([path, .. symbols.Inputs(parse)])
                : null;
            var session = CommonOptions.OpenSession(path, parse.GetValue(events), null);
            symbols.LoadInto(session, parse);
            var analyzing = new ProgressReporter(path);
            var result = session.Analyze(new AnalysisRequest { BinNs = BinWidth.ExportNs }, analyzing.AsProgress());
            analyzing.Done();
            CommonOptions.PrintWarnings(result.WarningsForMachineFormats(path));
            var analysis = result.Analysis;
            var source = new SymbolizerPcSource(session.Symbols!);

            if (parse.GetValue(format) == "parquet")
            {
                using var reader = CommonOptions.OpenTrace(path, parse.GetValue(events), null);
                var provenance = hashing!.GetAwaiter().GetResult();
                var reporter = new ProgressReporter(path);
                var files = ParquetExport.WriteAsync(target, analysis, new SymbolizedRecordReader(reader, source), provenance, n => reporter.Update(n, reader.Statistics.BytesRead))
                    .GetAwaiter().GetResult();
                reporter.Done();
                Console.Error.WriteLine($"qtrace: wrote {files.Count} Parquet tables to {target} ({files.Sum(f => new FileInfo(f).Length) / 1e6:F1} MB); query them with `qtrace sql {target} \"SELECT ...\"`");
                return 0;
            }

            OutputFile.Write(target, inputs, file =>
            {
                if (parse.GetValue(format) == "folded")
                {
                    using var text = new StreamWriter(file, leaveOpen: true);
                    FoldedStacksWriter.Write(analysis, text);
                }
                else
                {
                    using var reader = CommonOptions.OpenTrace(path, parse.GetValue(events), null);
                    ChromeTraceWriter.Write(reader, source, analysis, file, parse.GetValue(minimum));
                }
            });

            Console.Error.WriteLine($"qtrace: wrote {target} ({new FileInfo(target).Length / 1e6:F1} MB)");
            return 0;
        }));
        return command;
    }
}
