using System.CommandLine;
using QemuTrace.Analysis;
using QemuTrace.Export;

namespace QemuTrace.Cli;

/// <summary>
/// <c>qtrace sampling-error SAMPLED EXACT</c>: how wrong the exec_tb (sampled) profile is, against the exact profile of
/// a block capture, ideally of the same run.
/// </summary>
internal static class SamplingErrorCommand
{
    public static Command Create()
    {
        var sampled = new Argument<string>("sampled") { Description = "An exec_tb trace (any readable format)." };
        var exact = new Argument<string>("exact") { Description = "A qtrace-blocks capture of the same boot (best: the same run)." };
        var events = CommonOptions.Events();
        var symbols = new SymbolOptions();
        var top = new Option<int>("--top") { Description = "Compare the exact profile's top N functions (default 30).", DefaultValueFactory = _ => 30 };
        var format = new Option<string>("--format") { Description = "table, tsv, csv or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "tsv", "csv", "json");
        var command = new Command("sampling-error", "How far the sampled exec_tb profile is from the exact one (every block), per function, after kernel entry.")
        {
            sampled, exact, events, top, format,
        };
        symbols.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var symbolizer = new SymbolizerPcSource(symbols.Load(parse, parse.GetValue(sampled)));
            BootAnalysis Analyze(string path)
            {
                using var reader = CommonOptions.OpenTrace(path, parse.GetValue(events), null);
                var reporter = new ProgressReporter(path);
                var analysis = BootAnalyzer.Run(reader, symbolizer, null, reporter.Update);
                reporter.Done();
                CommonOptions.ReportWarnings(reader);
                return analysis;
            }

            var exactPath = parse.GetValue(exact)!;
            var chosen = parse.GetValue(format)!;
            var provenance = CommandProvenance.BeginForJson(chosen, [parse.GetValue(sampled), exactPath, parse.GetValue(events), .. symbols.Inputs(parse)]);
            var exactAnalysis = Analyze(exactPath);
            if (exactAnalysis.Instructions is null)
            {
                throw new QemuTrace.Formats.TraceFormatException(exactPath, null, "not a block capture (its records carry no instruction counts); give the qtrace-blocks capture second");
            }

            var error = SampledProfileError.Compare(Analyze(parse.GetValue(sampled)!), exactAnalysis);
            ResultTableWriter.Write(SampledProfileErrorTable.Create(error, parse.GetValue(top)), chosen, Console.Out, provenance.GetAwaiter().GetResult());
            return 0;
        }));
        return command;
    }
}
