using System.CommandLine;
using QemuTrace.Analysis;
using QemuTrace.Export;
using QemuTrace.Session;

namespace QemuTrace.Cli;

/// <summary>
/// <c>qtrace profile | first-calls | milestones | syscalls | time-bins | report</c>: one streaming pass, then the
/// chosen table(s).
/// </summary>
internal static class AnalysisCommands
{
    /// <summary>Rows an aligned table shows unless <c>--top</c> says otherwise (0: all); machine formats get every row.</summary>
    public const int TableTop = 25;

    public static IEnumerable<Command> Create()
    {
        yield return Verb("profile", "Which kernel functions consume the most time (time per function, per region).", VerbOptions.Top,
            (a, top) => [BootAnalysisTables.Profile(a, top), BootAnalysisTables.Regions(a)], (a, top) => [BootAnalysisTables.Profile(a, top)]);
        yield return Verb("first-calls", "When each function is first called (boot order).", VerbOptions.Top,
            (a, top) => [BootAnalysisTables.FirstCalls(a, top)], (a, top) => [BootAnalysisTables.FirstCalls(a, top)]);
        yield return Verb("milestones", "Boot milestones (reset vector, BIOS, kernel entry, start_kernel, init, first user instruction, first syscall, power-off) and the stages between them.", VerbOptions.None,
            (a, _) => [BootAnalysisTables.Milestones(a), BootAnalysisTables.Stages(a)], (a, _) => [BootAnalysisTables.Milestones(a)]);
        yield return Verb("syscalls", "When userspace makes system calls, which ones, and for how long.", VerbOptions.Top,
            (a, top) => [BootAnalysisTables.Syscalls(a, top), BootAnalysisTables.SyscallSummary(a)], (a, top) => [BootAnalysisTables.Syscalls(a, top)]);
        yield return Verb("address-spaces", "Syscalls per address space (CR3): one row per process image, with its clones, execve and exit (captures from `qtrace record --mode syscalls`).", VerbOptions.None,
            (a, _) => [BootAnalysisTables.AddressSpaceTable(a)], (a, _) => [BootAnalysisTables.AddressSpaceTable(a)]);
        yield return Verb("time-bins", "Time per region (and per --function function) in fixed bins over the boot, for stacked-area and activity charts.", VerbOptions.Bins,
            (a, _) => [BootAnalysisTables.TimeBins(a)], (a, _) => [BootAnalysisTables.TimeBins(a)]);
        yield return Verb("report", "Everything: milestones, stages, regions, top functions, syscalls by name.", VerbOptions.Top,
            (a, top) => [BootAnalysisTables.Milestones(a), BootAnalysisTables.Stages(a), BootAnalysisTables.Regions(a), BootAnalysisTables.Profile(a, top), BootAnalysisTables.SyscallSummary(a)],
            (a, top) => [BootAnalysisTables.Milestones(a), BootAnalysisTables.Stages(a), BootAnalysisTables.Regions(a), BootAnalysisTables.Profile(a, top), BootAnalysisTables.SyscallSummary(a)]);
        yield return DiffCommand.Create();
        yield return ExportCommand.Create();
    }

    /// <summary>Which of the shared options a verb has: its help lists only what it uses.</summary>
    [Flags]
    private enum VerbOptions
    {
        None = 0,
        Top = 1,
        Bins = 2,
    }

    private static Command Verb(string name, string description, VerbOptions has,
        Func<BootAnalysis, int?, ResultTable[]> forPeople, Func<BootAnalysis, int?, ResultTable[]> forMachines)
    {
        var trace = CommonOptions.Trace();
        var events = CommonOptions.Events();
        var inputFormat = CommonOptions.InputFormat();
        var symbols = new SymbolOptions();
        var top = new Option<int?>("--top") { Description = $"Only the first N rows (default {TableTop} in the aligned table, all in tsv/csv/json; 0: all)." };
        var format = new Option<string>("--format")
        {
            Description = "table (aligned, human units), tsv, csv or json (raw: ns, 0x addresses).",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "tsv", "csv", "json");
        var progress = new Option<bool>("--progress") { Description = "Show progress on stderr even when it is not a terminal." };
        var binMs = new Option<double>("--bin-ms") { Description = "Width of the time bins in ms.", DefaultValueFactory = _ => 10 };
        var track = new Option<string[]>("--function") { Description = "Also bin this function's time (repeatable).", AllowMultipleArgumentsPerToken = false };
        var command = new Command(name, description + " How time is counted: see qtrace --help.")
        {
            trace, events, inputFormat, format, progress,
        };
        if (has.HasFlag(VerbOptions.Top))
        {
            command.Options.Add(top);
        }

        if (has.HasFlag(VerbOptions.Bins))
        {
            command.Options.Add(binMs);
            command.Options.Add(track);
        }
        symbols.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var path = parse.GetValue(trace)!;
            var chosen = parse.GetValue(format)!;
            int? rows = parse.GetValue(top) is int n ? RowCount.Check(n, "--top") : chosen == "table" ? TableTop : null;
            bool bins = has.HasFlag(VerbOptions.Bins);
            var request = new AnalysisRequest
            {
                BinNs = bins ? BinWidth.FromMilliseconds(parse.GetValue(binMs), "--bin-ms") : null,
                BinOption = "--bin-ms",
                TrackedFunctions = bins ? parse.GetValue(track) ?? [] : [],
                FunctionOption = "--function",
            };
            var provenance = CommandProvenance.BeginForJson(chosen, [path, parse.GetValue(events), .. symbols.Inputs(parse)]);
            var session = CommonOptions.OpenSession(path, parse.GetValue(events), parse.GetValue(inputFormat));
            symbols.LoadInto(session, parse);
            var reporter = new ProgressReporter(path, parse.GetValue(progress));
            var result = session.Analyze(request, reporter.AsProgress());
            reporter.Done();
            var tables = chosen == "table" ? forPeople(result.Analysis, rows) : forMachines(result.Analysis, rows);
            var stdout = Console.Out;
            for (int i = 0; i < tables.Length; i++)
            {
                if (i > 0 && chosen == "table")
                {
                    stdout.WriteLine();
                }

                ResultTableWriter.Write(tables[i], chosen, stdout, provenance.GetAwaiter().GetResult());
            }

            stdout.Flush();
            CommonOptions.PrintWarnings(chosen == "table" ? result.Warnings : result.WarningsForMachineFormats(path));
            return 0;
        }));
        return command;
    }
}
