using System.CommandLine;
using System.Runtime.CompilerServices;

// The tests run verbs in-process through Program.Run instead of starting a `dotnet qtrace` process per test.
[assembly: InternalsVisibleTo("QemuTrace.Tests")]
[assembly: InternalsVisibleTo("QemuTrace.Interactive.Tests")]

namespace QemuTrace.Cli;

/// <summary>The <c>qtrace</c> entry point.</summary>
internal static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>
    /// Parses and runs one command line, returning the exit code. Help and command-line errors go to
    /// <paramref name="stdout"/> and <paramref name="stderr"/>; verbs write to <see cref="Console.Out"/> and
    /// <see cref="Console.Error"/> (and decode and symbolize to the raw standard output stream).
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        CommandProvenance.Arguments = args;
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
        return root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null })
            .Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }
}
