namespace QemuTrace.Interactive.Commands;

/// <summary>A subcommand that shows a table: <c>--top N</c> rows are displayed, the bound variable holds them all.</summary>
public abstract class TableDirectiveCommand : TraceDirectiveCommand
{
    /// <summary>Rows shown, as written (bound as text so that `--top lots` reaches the check instead of failing as JSON).</summary>
    public string? Top { get; set; }

    /// <summary>Rows shown: <see cref="Top"/> by the core's rule (<see cref="QemuTrace.Session.RowCount"/>: 0 is all rows), 25 by default.</summary>
    /// <exception cref="InputException">Not a whole number of rows.</exception>
    public int TopRows => Top is null ? 25 : QemuTrace.Session.RowCount.Parse(Top, "--top") ?? int.MaxValue;
}
