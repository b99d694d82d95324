using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;
using QemuTrace.Files;
using QemuTrace.Formats;

namespace QemuTrace.Notebooks;

/// <summary>
/// Executes every code cell of a .ipynb or .dib in-process, in order, in a fresh <see cref="NotebookKernel"/> whose
/// working directory is the notebook's folder; stops at the first failing cell, as nbconvert does.
/// </summary>
public static class NotebookRunner
{
    /// <summary>The kernels a notebook may name (a .dib without a #!meta header needs csharp among them).</summary>
    public static KernelInfoCollection KernelInfos()
    {
        var infos = new KernelInfoCollection
        {
            new("csharp", "C#", ["c#", "C#", "cs"]),
            new("markdown", "Markdown", ["md"]),
        };
        infos.DefaultKernelName = "csharp";
        return infos;
    }

    /// <summary>How long one cell may run when no timeout is given: long enough for a pass over a large trace.</summary>
    public static readonly TimeSpan DefaultCellTimeout = TimeSpan.FromMinutes(20);

    /// <summary>Runs the notebook and returns it with outputs.</summary>
    /// <param name="notebookPath">The .ipynb or .dib.</param>
    /// <param name="cancel">Stops the run.</param>
    /// <param name="cellTimeout">How long one cell may run (default <see cref="DefaultCellTimeout"/>); a cell that runs
    /// longer (an endless loop) fails the run with a message naming it, instead of hanging.</param>
    /// <exception cref="TraceFormatException">The file is not a notebook (not JSON, or no list of cells).</exception>
    public static async Task<NotebookRunResult> RunAsync(string notebookPath, CancellationToken cancel = default, TimeSpan? cellTimeout = null)
    {
        var file = new FileInfo(Path.GetFullPath(notebookPath));
        if (!file.Exists)
        {
            throw new FileNotFoundException($"{notebookPath}: no such notebook", notebookPath);
        }

        var timeout = cellTimeout ?? DefaultCellTimeout;
        InteractiveDocument document;
        if (file.Extension.Equals(".ipynb", StringComparison.OrdinalIgnoreCase))
        {
            document = JupyterShape.Parse(notebookPath, await File.ReadAllBytesAsync(file.FullName, cancel));
        }
        else
        {
            document = await InteractiveDocument.LoadAsync(file, KernelInfos());
        }

        var previousDirectory = Environment.CurrentDirectory;
        using var kernel = NotebookKernel.Create(file.DirectoryName);
        try
        {
            int cell = 0, executed = 0;
            foreach (var element in document.Elements)
            {
                cell++;
                if (element.KernelName is "markdown" or "md" || string.IsNullOrWhiteSpace(element.Contents))
                {
                    continue;
                }

                cancel.ThrowIfCancellationRequested();
                using var cellCancel = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                var sending = kernel.SendAsync(new SubmitCode(element.Contents, element.KernelName ?? "csharp"), cellCancel.Token);
                if (await Task.WhenAny(sending, Task.Delay(timeout, cancel)) != sending)
                {
                    // Code that never yields cannot be stopped from here: give up on the cell (the process exits after the report).
                    cellCancel.Cancel();
                    cancel.ThrowIfCancellationRequested();
                    element.Outputs.Clear();
                    element.Outputs.Add(new ErrorElement($"did not finish within {timeout.TotalSeconds:0.#} s", "Timeout", []));
                    return new NotebookRunResult(file.FullName, document, new NotebookCellFailure(cell, FirstLine(element.Contents),
                        $"did not finish within {timeout.TotalSeconds:0.#} s (an endless loop, or raise the limit with --cell-timeout SECONDS)"), executed);
                }

                var result = await sending;
                element.Outputs.Clear();
                element.Outputs.AddRange(Outputs(result.Events));
                element.ExecutionOrder = ++executed;
                if (result.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed)
                {
                    return new NotebookRunResult(file.FullName, document, new NotebookCellFailure(cell, FirstLine(element.Contents), failed.Message), executed);
                }
            }

            return new NotebookRunResult(file.FullName, document, null, executed);
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
        }
    }

    /// <summary>Writes the executed notebook as .ipynb, atomically (see <see cref="OutputFile"/>).</summary>
    /// <param name="result">The run.</param>
    /// <param name="path">The .ipynb to write; it may be the notebook that ran (replaced only once complete).</param>
    public static async Task WriteNotebookAsync(NotebookRunResult result, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // The document's polyglot_notebook kernelInfo metadata is read back as a plain dictionary, which the writer
        // cannot reuse: let it write the kernel infos afresh.
        if (result.Document.Metadata.TryGetValue("polyglot_notebook", out var polyglot) && polyglot is IDictionary<string, object> settings)
        {
            settings.Remove("kernelInfo");
        }

        result.Document.Metadata.Remove("kernelInfo");

        // Provenance: which tool ran which notebook (by content), so a re-run can be diffed against a committed one.
        // The inputs a cell reads (trace, symbols) are named in the cells themselves.
        result.Document.Metadata["qtrace"] = new Dictionary<string, object>
        {
            ["tool"] = QemuTrace.Export.Provenance.ToolVersion,
            ["command"] = $"qtrace notebook run {result.NotebookPath}",
            ["notebook_sha256"] = File.Exists(result.NotebookPath) ? QemuTrace.Export.Provenance.Sha256(result.NotebookPath) : "",
            ["cells_run"] = result.CellsRun,
            ["succeeded"] = result.Succeeded,
        };
        using var content = new MemoryStream();
        Notebook.Write(result.Document, content, KernelInfos());
        var bytes = content.ToArray();
        await OutputFile.WriteAsync(path, [], stream => stream.WriteAsync(bytes).AsTask());
    }

    /// <summary>A cell's events as notebook outputs; an updated display (progress) replaces its earlier value in place.</summary>
    public static List<InteractiveDocumentOutputElement> Outputs(IEnumerable<KernelEvent> events)
    {
        var outputs = new List<InteractiveDocumentOutputElement>();
        var displays = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            switch (e)
            {
                case DisplayedValueUpdated updated when updated.ValueId is not null && displays.TryGetValue(updated.ValueId, out var at):
                    outputs[at] = new DisplayElement(Data(updated));
                    break;
                case ReturnValueProduced value:
                    var returned = new ReturnValueElement();
                    foreach (var (mime, formatted) in Data(value))
                    {
                        returned.Data[mime] = formatted;
                    }

                    outputs.Add(returned);
                    break;
                case StandardOutputValueProduced stdout:
                    outputs.Add(new TextElement(PlainText(stdout), "stdout"));
                    break;
                case StandardErrorValueProduced stderr:
                    outputs.Add(new TextElement(PlainText(stderr), "stderr"));
                    break;
                case DisplayedValueProduced or DisplayedValueUpdated:
                    var display = (DisplayEvent)e;
                    if (display.ValueId is not null)
                    {
                        displays[display.ValueId] = outputs.Count;
                    }

                    outputs.Add(new DisplayElement(Data(display)));
                    break;
                case ErrorProduced error:
                    outputs.Add(new ErrorElement(error.Message, "Error", []));
                    break;
                case CommandFailed failed:
                    outputs.Add(new ErrorElement(failed.Message, "CommandFailed", []));
                    break;
            }
        }

        return outputs;
    }

    private static Dictionary<string, object> Data(DisplayEvent e) =>
        e.FormattedValues.GroupBy(v => v.MimeType).ToDictionary(g => g.Key, g => (object)g.Last().Value);

    private static string PlainText(DisplayEvent e) =>
        e.FormattedValues.FirstOrDefault(v => v.MimeType == "text/plain")?.Value ?? e.FormattedValues.FirstOrDefault()?.Value ?? "";

    private static string FirstLine(string code) => code.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
}
