namespace QemuTrace.Formats.Columns;

/// <summary>A reader with its own fast path into <see cref="RecordColumns"/> (binary formats).</summary>
public interface IRecordColumnReader
{
    /// <summary>
    /// Appends the next records until the columns are full or the input ends; false when no record was appended (the
    /// end of the input). Mixing this with <see cref="ITraceReader.Read"/> keeps trace order.
    /// </summary>
    /// <exception cref="TraceFormatException">The input is malformed (records before the fault were appended).</exception>
    bool ReadColumns(RecordColumns columns);
}
