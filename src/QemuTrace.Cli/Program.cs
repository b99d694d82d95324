using System.CommandLine;
using QemuTrace.Cli;

var root = new RootCommand("qtrace: answers \"where does the time go when a guest boots?\" from QEMU exec_tb traces.")
{
    InfoCommand.Create(),
    DecodeCommand.Create(),
    SynthCommand.Create(),
    BenchCommand.Create(),
    SymbolizeCommand.Create(),
    ChartCommand.Create(),
    ChartCommand.CreateHtmlReport(),
    NotebookCommand.Create(),
    SamplingErrorCommand.Create(),
    EarlyBootCommand.Create(),
};
foreach (var verb in AnalysisCommands.Create())
{
    root.Subcommands.Add(verb);
}

return root.Parse(args).Invoke();
