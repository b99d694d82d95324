namespace QemuTrace.Formats;

/// <summary>
/// One trace record, decoded in place: which event, when (absolute ns as recorded), by which process, where in
/// the input, and its arguments.
/// </summary>
public struct TraceRecord
{
    /// <summary>Index into the reader's <see cref="TraceEventTable"/>.</summary>
    public int EventIndex;

    /// <summary>Number of arguments in <see cref="Arguments"/>.</summary>
    public int ArgumentCount;

    /// <summary>Absolute timestamp in ns: the host monotonic clock (simple backend) or wall clock (log backend).</summary>
    public ulong TimestampNs;

    /// <summary>Writer's process id (simple backend) or thread id (log backend).</summary>
    public uint Pid;

    /// <summary>Byte offset of the record (binary) or its 1-based line (text).</summary>
    public long Position;

    /// <summary>Argument values; see <see cref="TraceArguments"/>.</summary>
    public TraceArguments Arguments;
}
