namespace QemuTrace.Formats.Text;

/// <summary>What the line-based readers share: the line splitter, the event table, counters and string arguments.</summary>
public abstract class TextTraceReader : ITraceReader
{
    private ulong _previousTimestamp;
    private bool _any;

    private protected TextTraceReader(Stream stream, string source)
    {
        Lines = new ByteLineReader(stream, source);
        Source = source;
    }

    /// <inheritdoc />
    public string Source { get; }

    /// <inheritdoc />
    public abstract TraceFormat Format { get; }

    /// <inheritdoc />
    public int? LogVersion => null;

    /// <inheritdoc />
    public virtual bool HasTimestamps => true;

    /// <inheritdoc />
    public TraceEventTable Events { get; } = new();

    /// <inheritdoc />
    public TraceReadStatistics Statistics { get; } = new();

    private protected ByteLineReader Lines { get; }

    private protected StringArena Strings { get; } = new();

    /// <inheritdoc />
    public bool Read(ref TraceRecord record)
    {
        while (Lines.TryReadLine(out var line))
        {
            Strings.Clear();
            if (TryParse(line, ref record))
            {
                Account(ref record);
                Statistics.BytesRead = Lines.BytesRead;
                return true;
            }

            Statistics.SkippedLines++;
        }

        Statistics.BytesRead = Lines.BytesRead;
        return false;
    }

    /// <inheritdoc />
    public ReadOnlySpan<byte> GetString(in TraceRecord record, int argument) => Strings.Get(record.Arguments[argument]);

    /// <inheritdoc />
    public void Dispose()
    {
        Lines.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Parses one line into <paramref name="record"/>; false for a line that is not a record (it is counted as skipped).</summary>
    private protected abstract bool TryParse(ReadOnlySpan<byte> line, ref TraceRecord record);

    private void Account(ref TraceRecord record)
    {
        if (_any && record.TimestampNs < _previousTimestamp)
        {
            Statistics.OutOfOrder++;
        }

        _any = true;
        _previousTimestamp = record.TimestampNs;
        if (Events[record.EventIndex].Kind == TraceEventKind.Dropped && record.ArgumentCount > 0)
        {
            Statistics.AddDropped(record.Arguments[0]);
        }

        Statistics.Count(record.EventIndex);
    }
}
