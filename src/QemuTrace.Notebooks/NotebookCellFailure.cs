namespace QemuTrace.Notebooks;

/// <summary>A cell that failed: its 1-based number among all cells, its first line, and the kernel's message.</summary>
public sealed record NotebookCellFailure(int Cell, string FirstLine, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"cell {Cell} (`{FirstLine}`) failed: {Message}";
}
