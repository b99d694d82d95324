namespace QemuTrace.Formats;

/// <summary>What turning a record into text needs besides the record: its event, and its string arguments' bytes.</summary>
public interface IRecordTextSource
{
    /// <summary>The events met so far.</summary>
    TraceEventTable Events { get; }

    /// <summary>The bytes of string argument <paramref name="argument"/> of <paramref name="record"/>; valid until the source moves on.</summary>
    ReadOnlySpan<byte> GetString(in TraceRecord record, int argument);
}
