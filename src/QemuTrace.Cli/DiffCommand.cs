using System.CommandLine;
using QemuTrace.Analysis;
using QemuTrace.Export;
using QemuTrace.Session;

namespace QemuTrace.Cli;

/// <summary><c>qtrace diff A B</c>: compares two boots: milestones and the functions whose time changed most.</summary>
internal static class DiffCommand
{
    public static Command Create()
    {
        var a = new Argument<string>("a") { Description = "Boot A (the baseline) trace." };
        var b = new Argument<string>("b") { Description = "Boot B trace (any readable format; both use the same symbols)." };
        var events = CommonOptions.Events();
        var symbols = new SymbolOptions();
        var top = new Option<int?>("--top") { Description = "Only the N functions that changed most (default 30 in a table)." };
        var format = new Option<string>("--format") { Description = "table, tsv, csv or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "tsv", "csv", "json");
        var command = new Command("diff", "Compare two boots of the same kernel: milestone times and the functions whose time changed most (B - A).")
        {
            a, b, events, top, format,
        };
        symbols.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var chosen = parse.GetValue(format)!;
            var hashing = CommandProvenance.BeginForJson(chosen, [parse.GetValue(a), parse.GetValue(b), parse.GetValue(events), .. symbols.Inputs(parse)]);
            var sources = symbols.Sources(parse, parse.GetValue(a));
            var symbolizer = symbols.Load(parse, parse.GetValue(a));
            BootAnalysis Analyze(string path)
            {
                var session = CommonOptions.OpenSession(path, parse.GetValue(events), null);
                session.UseSymbols(symbolizer, sources);
                var reporter = new ProgressReporter(path);
                var result = session.Analyze(new AnalysisRequest(), reporter.AsProgress());
                reporter.Done();
                CommonOptions.PrintWarnings(result.WarningsForMachineFormats(path));
                return result.Analysis;
            }

            var comparison = BootComparison.Compare(Analyze(parse.GetValue(a)!), Analyze(parse.GetValue(b)!));
            int? rows = parse.GetValue(top) ?? (chosen == "table" ? 30 : null);
            var boots = $"A = {parse.GetValue(a)}, B = {parse.GetValue(b)}.";
            var milestones = BootAnalysisTables.MilestoneDeltas(comparison);
            var functions = BootAnalysisTables.FunctionDeltas(comparison, rows);
            milestones.Notes.Insert(0, boots);
            functions.Notes.Insert(0, boots);
            var provenance = hashing.GetAwaiter().GetResult();
            ResultTableWriter.Write(milestones, chosen, Console.Out, provenance);
            if (chosen == "table")
            {
                Console.Out.WriteLine();
            }

            ResultTableWriter.Write(functions, chosen, Console.Out, provenance);
            return 0;
        }));
        return command;
    }
}
