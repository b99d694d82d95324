namespace QemuTrace.Formats;

/// <summary>Where in an input something is: a byte offset (binary inputs) or a 1-based line (text inputs).</summary>
/// <param name="Value">The offset or line number.</param>
/// <param name="IsLine">True for a line number.</param>
public readonly record struct TraceLocation(long Value, bool IsLine)
{
    /// <summary>A byte offset.</summary>
    public static TraceLocation Byte(long offset) => new(offset, false);

    /// <summary>A 1-based line number.</summary>
    public static TraceLocation Line(long line) => new(line, true);

    /// <inheritdoc />
    public override string ToString() => IsLine ? $"line {Value}" : $"byte offset {Value}";
}
