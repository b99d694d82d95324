namespace QemuTrace.Interactive.Commands;

/// <summary>A subcommand that shows a table: <c>--top N</c> rows are displayed, the bound variable holds them all.</summary>
public abstract class TableDirectiveCommand : TraceDirectiveCommand
{
    /// <summary>Rows shown.</summary>
    public int Top { get; set; } = 25;
}
