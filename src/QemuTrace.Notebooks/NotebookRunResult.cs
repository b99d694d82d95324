using Microsoft.DotNet.Interactive.Documents;

namespace QemuTrace.Notebooks;

/// <summary>An executed notebook: the document with every cell's outputs, and the failure that stopped it, if any.</summary>
public sealed record NotebookRunResult(string NotebookPath, InteractiveDocument Document, NotebookCellFailure? Failure, int CellsRun)
{
    /// <summary>True when every code cell ran without failing.</summary>
    public bool Succeeded => Failure is null;
}
