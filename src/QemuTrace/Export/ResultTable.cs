namespace QemuTrace.Export;

/// <summary>
/// A result as rows of typed cells, the one shape every front end writes: TSV/CSV/JSON for scripts, aligned tables
/// with human units for people, DataFrames for notebooks.
/// </summary>
public sealed class ResultTable
{
    private readonly List<object?[]> _rows = [];

    /// <summary>Creates an empty table.</summary>
    public ResultTable(string title, params ResultColumn[] columns)
    {
        Title = title;
        Columns = columns;
    }

    /// <summary>What the table shows.</summary>
    public string Title { get; }

    /// <summary>Columns in order.</summary>
    public IReadOnlyList<ResultColumn> Columns { get; }

    /// <summary>
    /// Rows; cells are <see cref="string"/>, <see cref="long"/>, <see cref="double"/> or <see cref="ulong"/> by column
    /// kind, or null where a value does not exist (a syscall that never returned): empty in TSV/CSV, null in JSON and
    /// DataFrames, <c>-</c> in aligned tables. A table that has nulls says what they mean in its notes.
    /// </summary>
    public IReadOnlyList<object?[]> Rows => _rows;

    /// <summary>Notes printed under a table (what the numbers mean, what the trace cannot tell).</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Appends a row; the number of cells must match the columns.</summary>
    public void Add(params object?[] cells)
    {
        if (cells.Length != Columns.Count)
        {
            throw new ArgumentException($"{cells.Length} cells for {Columns.Count} columns", nameof(cells));
        }

        _rows.Add(cells);
    }
}
