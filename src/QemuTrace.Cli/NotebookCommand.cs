using System.CommandLine;
using QemuTrace.Files;
using QemuTrace.Formats;
using QemuTrace.Notebooks;

namespace QemuTrace.Cli;

/// <summary>
/// <c>qtrace notebook run NOTEBOOK [--output OUT.ipynb] [--html OUT.html]</c>: executes every cell in-process with the
/// #!trace extension loaded, writes the executed notebook and an offline HTML report, and exits 2 naming the failing cell.
/// </summary>
internal static class NotebookCommand
{
    /// <summary>Exit code when a cell failed.</summary>
    public const int CellFailed = 2;

    public static Command Create()
    {
        var notebook = new Argument<string>("notebook") { Description = "The notebook (.ipynb or .dib); it runs with its own folder as the working directory." };
        var output = new Option<string?>("--output") { Description = "Write the executed notebook, with every output, here (.ipynb)." };
        var html = new Option<string?>("--html") { Description = "Write a self-contained offline HTML report here (charts included, no CDN)." };
        var cellTimeout = new Option<double>("--cell-timeout")
        {
            Description = "Seconds one cell may run before the run fails naming it (an endless loop ends instead of hanging).",
            DefaultValueFactory = _ => NotebookRunner.DefaultCellTimeout.TotalSeconds,
        };
        var run = new Command("run", "Run every cell of a notebook headlessly (C# kernel with #!trace), like a person pressing Run All.")
        {
            notebook, output, html, cellTimeout,
        };
        run.SetAction(async (parse, cancel) =>
        {
            var path = parse.GetValue(notebook)!;
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"qtrace: error: {path}: no such notebook");
                return CommandRunner.InputError;
            }

            try
            {
                if (parse.GetValue(html) is string early)
                {
                    // The executed notebook may replace its source (--output NB), the HTML report never may.
                    OutputFile.RefuseInputs(early, [path, parse.GetValue(output)]);
                }

                double seconds = parse.GetValue(cellTimeout);
                if (!(seconds > 0))
                {
                    throw new InputException("--cell-timeout", $"{seconds} is not a positive number of seconds; give e.g. --cell-timeout 600");
                }

                var result = await NotebookRunner.RunAsync(path, cancel, TimeSpan.FromSeconds(seconds));
                if (parse.GetValue(output) is string ipynb)
                {
                    await NotebookRunner.WriteNotebookAsync(result, ipynb);
                    Console.Error.WriteLine($"qtrace: wrote {ipynb}");
                }

                if (parse.GetValue(html) is string report)
                {
                    await NotebookHtmlReport.WriteAsync(result, report);
                    Console.Error.WriteLine($"qtrace: wrote {report}");
                }

                if (result.Failure is { } failure)
                {
                    Console.Error.WriteLine($"qtrace: error: {path}: {failure}");
                    return CellFailed;
                }

                Console.WriteLine($"{path}: all {result.CellsRun} code cells ran");
                return 0;
            }
            catch (Exception e) when (e is TraceFormatException or InputException)
            {
                Console.Error.WriteLine($"qtrace: error: {e.Message}");
                return CommandRunner.InputError;
            }
        });
        return new Command("notebook", "Notebooks: write a ready one anywhere (new), or run one headlessly and write its outputs and an HTML report (run).") { NotebookNewCommand.Create(), run };
    }
}
