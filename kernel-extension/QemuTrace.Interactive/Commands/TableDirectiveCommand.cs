namespace QemuTrace.Interactive.Commands;

/// <summary>A subcommand that shows a table: <c>--top N</c> rows are displayed, the bound variable holds them all.</summary>
public abstract class TableDirectiveCommand : TraceDirectiveCommand
{
    /// <summary>Rows shown, as written (bound as text so that `--top lots` reaches the check instead of failing as JSON).</summary>
    public string? Top { get; set; }

    /// <summary>Rows shown: <see cref="Top"/> as a positive number, 25 by default.</summary>
    /// <exception cref="TraceCommandException">Not a positive whole number.</exception>
    public int TopRows => Top is null ? 25
        : int.TryParse(Top, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int rows) && rows > 0 ? rows
        : throw new TraceCommandException($"--top takes a positive whole number, not `{Top}` (e.g. --top 10)");
}
