using System.CommandLine;
using QemuTrace.Cli;

var root = new RootCommand("qtrace: answers \"where does the time go when a guest boots?\" from QEMU exec_tb traces.\n\nHow time is counted: " + QemuTrace.Analysis.BootAnalysis.AttributionModel)
{
    InfoCommand.Create(),
    DecodeCommand.Create(),
    SynthCommand.Create(),
    BenchCommand.Create(),
    SymbolizeCommand.Create(),
    ChartCommand.Create(),
    ChartCommand.CreateHtmlReport(),
    ChartTableCommand.Create(),
    NotebookCommand.Create(),
    SqlCommand.Create(),
    RecordCommand.Create(),
    SamplingErrorCommand.Create(),
    EarlyBootCommand.Create(),
};
foreach (var verb in AnalysisCommands.Create())
{
    root.Subcommands.Add(verb);
}

// No response files: `qtrace info @notes` names a file called @notes, it does not splice in that file's lines.
return root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null }).Invoke();
