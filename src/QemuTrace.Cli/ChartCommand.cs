using System.CommandLine;
using QemuTrace.Analysis;
using QemuTrace.Charts;
using QemuTrace.Charts.Isolation;
using QemuTrace.Files;
using QemuTrace.Formats;
using QemuTrace.Session;

namespace QemuTrace.Cli;

/// <summary>
/// <c>qtrace chart</c> (one standard chart as an offline HTML page) and <c>qtrace html-report</c> (every standard
/// chart and the main tables in one offline page): one analysis pass, then QemuTrace.Charts.
/// </summary>
internal static class ChartCommand
{
    /// <summary>Functions tracked for the activity chart when none is named (costs a second pass).</summary>
    private const int DefaultTrackedFunctions = 3;

    public static Command Create()
    {
        var options = new ChartOptions();
        var kind = new Option<string>("--kind")
        {
            Description = "Which chart: top (functions by time), timeline (stages and milestones), first-calls, syscalls, address-spaces (syscalls per CR3, on a record --mode syscalls capture), regions (time per region over the boot) or function (activity of --function NAMEs).",
            DefaultValueFactory = _ => ChartKinds.TopFunctions,
        };
        kind.AcceptOnlyFromAmong([.. ChartKinds.All]);
        var output = new Option<string?>("--output", "-o") { Description = "The HTML file to write (default: qtrace-KIND.html)." };
        var command = new Command("chart", "One standard chart of the boot as a self-contained HTML page (plotly.js embedded: opens offline). How time is counted: see qtrace --help.")
        {
            kind, output,
        };
        options.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var chosen = parse.GetValue(kind)!;
            var path = parse.GetValue(output) ?? $"qtrace-{chosen}.html";
            OutputFile.RefuseInputs(path, options.Inputs(parse));
            var provenance = options.BeginProvenance(parse);
            var analysis = options.Analyze(parse, chosen == ChartKinds.FunctionActivity);
            var payload = ChartPayload.From(analysis) with { Top = parse.GetValue(options.Top), PseudoFunctions = !parse.GetValue(options.NoPseudoFunctions), Functions = parse.GetValue(options.Functions) ?? [] };
            var chart = Charted(() => BootCharts.Create(chosen, payload));
            new HtmlReport($"{Path.GetFileName(parse.GetValue(options.Trace))}: {chosen}")
                .AddChart(chart)
                .AddParagraph("How time is counted: " + BootAnalysis.AttributionModel)
                .AddProvenance(provenance.GetAwaiter().GetResult())
                .Save(path, options.Inputs(parse));
            Console.WriteLine($"wrote {path}");
            return 0;
        }));
        return command;
    }

    public static Command CreateHtmlReport()
    {
        var options = new ChartOptions();
        var output = new Option<string>("--output", "-o") { Description = "The HTML file to write.", Required = true };
        var title = new Option<string?>("--title") { Description = "The page title (default: the trace's file name)." };
        var command = new Command("html-report", "Every standard chart of the boot and the main tables in one self-contained HTML page (plotly.js embedded once: opens offline). How time is counted: see qtrace --help.")
        {
            output, title,
        };
        options.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var path = parse.GetValue(output)!;
            OutputFile.RefuseInputs(path, options.Inputs(parse));
            var provenance = options.BeginProvenance(parse);
            var analysis = options.Analyze(parse, trackTopWhenNoneNamed: true);
            var trace = parse.GetValue(options.Trace)!;
            var report = Charted(() => BootReport.Create(analysis, parse.GetValue(title) ?? $"Boot trace {Path.GetFileName(trace)}", trace, parse.GetValue(options.Top)));
            report.AddProvenance(provenance.GetAwaiter().GetResult()).Save(path, options.Inputs(parse));
            Console.WriteLine($"wrote {path} ({report.ChartCount} charts)");
            return 0;
        }));
        return command;
    }

    private static T Charted<T>(Func<T> build)
    {
        try
        {
            return build();
        }
        catch (ArgumentException e)
        {
            throw new InputException("qtrace", e.Message);
        }
    }

    /// <summary>The options both verbs share, and the analysis pass(es) they run.</summary>
    private sealed class ChartOptions
    {
        public Argument<string> Trace { get; } = CommonOptions.Trace();

        public Option<string?> Events { get; } = CommonOptions.Events();

        public Option<string?> InputFormat { get; } = CommonOptions.InputFormat();

        public SymbolOptions Symbols { get; } = new();

        /// <summary>The trace and symbol files with their sha256, and this command line, hashed while the analysis runs.</summary>
        public Task<QemuTrace.Export.Provenance> BeginProvenance(ParseResult parse) =>
            CommandProvenance.Begin([parse.GetValue(Trace), .. Symbols.Inputs(parse)]);

        public Option<string[]> Functions { get; } = new("--function")
        {
            Description = "A function whose time per bin to chart (repeatable). Without it the activity chart shows the 3 functions with the most time (from bins the pass keeps for every function; a second pass when a long trace has more than it keeps).",
        };

        public Option<int> Top { get; } = new("--top") { Description = "Functions in the top-functions chart.", DefaultValueFactory = _ => 20 };

        public Option<bool> NoPseudoFunctions { get; } = new("--no-pseudo-functions") { Description = "Leave the regions' pseudo-functions ([early-boot], [bios], [user]...) out of the top-functions chart." };

        public Option<double> BinMs { get; } = new("--bin-ms") { Description = "Width of the time bins of the region and activity charts, ms.", DefaultValueFactory = _ => 10 };

        public Option<bool> Progress { get; } = new("--progress") { Description = "Show progress on stderr even when it is not a terminal." };

        public IEnumerable<string?> Inputs(ParseResult parse) =>
            new[] { parse.GetValue(Trace), parse.GetValue(Events) }.Concat(Symbols.Inputs(parse));

        public void AddTo(Command command)
        {
            command.Arguments.Add(Trace);
            command.Options.Add(Events);
            command.Options.Add(InputFormat);
            command.Options.Add(Functions);
            command.Options.Add(Top);
            command.Options.Add(NoPseudoFunctions);
            command.Options.Add(BinMs);
            command.Options.Add(Progress);
            Symbols.AddTo(command);
        }

        public BootAnalysis Analyze(ParseResult parse, bool trackTopWhenNoneNamed)
        {
            var path = parse.GetValue(Trace)!;
            var functions = parse.GetValue(Functions) ?? [];
            var request = new AnalysisRequest
            {
                BinNs = BinWidth.FromMilliseconds(parse.GetValue(BinMs), "--bin-ms"),
                BinOption = "--bin-ms",
                TrackedFunctions = functions,
                FunctionOption = "--function",
            };
            var session = CommonOptions.OpenSession(path, parse.GetValue(Events), parse.GetValue(InputFormat));
            Symbols.LoadInto(session, parse);

            // The functions with the most time are known only after the pass: it keeps every function's bins (within a
            // memory budget, as the notebook does), so charting them needs no second pass unless the budget ran out.
            bool chartTop = functions.Length == 0 && trackTopWhenNoneNamed;
            session.KeepFunctionBins = chartTop;
            var analysis = Pass(parse, session, request);
            if (chartTop)
            {
                var top = analysis.Profile.Where(r => !r.Function.StartsWith('[')).Take(DefaultTrackedFunctions).Select(r => r.Function).ToList();
                var topRequest = request with { TrackedFunctions = top };
                var kept = session.Answered(topRequest);
                Console.Error.WriteLine($"qtrace: charting the activity of {string.Join(", ", top)} ({(kept is not null ? "from the first pass" : "a second pass: the trace has more function bins than the first pass keeps")}; choose with --function NAME)");
                analysis = kept?.Analysis ?? Pass(parse, session, topRequest);
            }

            return analysis;
        }

        private BootAnalysis Pass(ParseResult parse, TraceSession session, AnalysisRequest request)
        {
            var reporter = new ProgressReporter(session.TracePath, parse.GetValue(Progress));
            var result = session.Analyze(request, reporter.AsProgress());
            reporter.Done();
            CommonOptions.PrintWarnings(result.WarningsForMachineFormats(session.TracePath));
            return result.Analysis;
        }
    }
}
