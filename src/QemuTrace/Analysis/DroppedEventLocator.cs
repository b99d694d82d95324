namespace QemuTrace.Analysis;

/// <summary>
/// Finds where the events a <c>Dropped_Event</c> record counts were really lost, from how QEMU's simple backend
/// writes them (trace/simple.c): a vCPU drops an event when the ring buffer of <see cref="TraceBufferBytes"/> bytes is
/// full; the writer thread, once it runs, stamps and writes the <c>Dropped_Event</c> record first and then the records
/// the full buffer holds, which are all older than the drop. So the loss lies after the records that follow the
/// <c>Dropped_Event</c> record and fit one buffer, at the gap before the first record that does not fit: not at the
/// records on either side of the <c>Dropped_Event</c> record in the file.
/// </summary>
public sealed class DroppedEventLocator
{
    /// <summary>QEMU's <c>TRACE_BUF_LEN</c> (4096 * 64 bytes, trace/simple.c since QEMU 1.1).</summary>
    public const long TraceBufferBytes = 4096 * 64;

    /// <summary>A record's size in the buffer: QEMU's 24-byte <c>TraceRecord</c> header plus one u64 per argument.</summary>
    public static long BufferBytes(int argumentCount) => 24 + 8L * argumentCount;

    private readonly List<DroppedEventGap> _gaps = [];
    private bool _open;
    private long _left;
    private ulong _count;
    private long _position;
    private long _records;
    private long _previousTime;
    private DroppedEventGap? _carried;

    /// <summary>The gaps found so far, in trace order.</summary>
    public IReadOnlyList<DroppedEventGap> Gaps => _gaps;

    /// <summary>Whether a <c>Dropped_Event</c> record's buffered records are still being read.</summary>
    public bool Open => _open || _carried is not null;

    /// <summary>Takes a <c>Dropped_Event</c> record.</summary>
    public void Dropped(long time, ulong count, long position)
    {
        if (_open)
        {
            // The writer found new drops right after writing the previous buffer: the previous loss lies between the
            // last of its buffered records and the next stored record, which is the first of this drop's buffer.
            _carried = new DroppedEventGap(_previousTime, _previousTime, _count, _position, _records);
        }

        _open = true;
        _left = TraceBufferBytes;
        _count = count;
        _position = position;
        _records = 0;
        _previousTime = time;
    }

    /// <summary>Takes the next record after a drop record; returns true when the loss lies just before it.</summary>
    public bool Next(long time, int argumentCount)
    {
        bool closed = false;
        if (_carried is { } carried)
        {
            _gaps.Add(carried with { EndNs = Math.Max(time, carried.StartNs) });
            _carried = null;
            closed = true;
            if (!_open)
            {
                return true;
            }
        }

        long bytes = BufferBytes(argumentCount);
        if (bytes > _left)
        {
            _open = false;
            _gaps.Add(new DroppedEventGap(_previousTime, Math.Max(time, _previousTime), _count, _position, _records));
            return true;
        }

        _left -= bytes;
        _records++;
        _previousTime = time;
        return closed;
    }

    /// <summary>Ends the trace: a drop whose buffered records ran to the end of the file lost its events after them.</summary>
    public void Finish()
    {
        if (_carried is { } carried)
        {
            _gaps.Add(carried);
            _carried = null;
        }

        if (_open)
        {
            _open = false;
            _gaps.Add(new DroppedEventGap(_previousTime, _previousTime, _count, _position, _records));
        }
    }
}
