namespace QemuTrace.Formats;

/// <summary>
/// A streaming reader of trace records. <see cref="Read"/> fills a struct in place; nothing is allocated per record.
/// </summary>
public interface ITraceReader : IRecordTextSource, IDisposable
{
    /// <summary>The input's path or name, for messages.</summary>
    string Source { get; }

    /// <summary>The format being read.</summary>
    TraceFormat Format { get; }

    /// <summary>Simple backend log version (0, 2, 3, 4); null for text formats.</summary>
    int? LogVersion { get; }

    /// <summary>False when the input carries no timestamps (log backend without <c>-msg timestamp=on</c>).</summary>
    bool HasTimestamps { get; }


    /// <summary>Counters updated as records are read.</summary>
    TraceReadStatistics Statistics { get; }

    /// <summary>Reads the next record; false at the end of the input (including a truncated final record).</summary>
    /// <exception cref="TraceFormatException">The input is malformed.</exception>
    bool Read(ref TraceRecord record);
}
