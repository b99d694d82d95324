namespace QemuTrace.Formats;

/// <summary>
/// Reads a trace's records one ahead and repairs isolated corrupt timestamps: a record more than
/// <see cref="SpikeNs"/> ahead of (or behind) both its neighbours, which no clock produces but a flipped bit does.
/// Its timestamp is replaced by its predecessor's and counted in <see cref="TraceReadStatistics.CorruptTimestamps"/>,
/// so one bad record cannot stretch a boot to centuries, give all of it to one function, or grow the time bins.
/// </summary>
/// <remarks>
/// The first and last records have one neighbour; they are repaired only when more than <see cref="EdgeSpikeNs"/>
/// away from it. Steps (every later record shifted, e.g. a wall clock set back) are not spikes and are left alone.
/// String arguments are not available through the filter (the reader is one record ahead): it serves the analyses.
/// </remarks>
public sealed class TimestampSpikeFilter
{
    /// <summary>How far a record must stand from both neighbours to be a spike: 1 s (records of a running CPU are µs apart).</summary>
    public const ulong SpikeNs = 1_000_000_000;

    /// <summary>How far the first or last record must stand from its only neighbour: 1 hour.</summary>
    public const ulong EdgeSpikeNs = 3_600_000_000_000;

    private readonly ITraceReader _reader;
    // The current record and the one after it, alternating between the two elements (no struct swap per record).
    private readonly TraceRecord[] _records = new TraceRecord[2];
    private int _current;
    private bool _primed;
    private bool _hasCurrent;
    private bool _hasPrevious;
    private ulong _previous;

    /// <summary>Filters the records of <paramref name="reader"/>.</summary>
    public TimestampSpikeFilter(ITraceReader reader) => _reader = reader;

    /// <summary>Reads the next record with a repaired timestamp; false at the end of the input.</summary>
    /// <exception cref="TraceFormatException">The input is malformed.</exception>
    public bool Read(ref TraceRecord record)
    {
        if (!_primed)
        {
            _primed = true;
            _hasCurrent = _reader.Read(ref _records[_current]);
        }

        if (!_hasCurrent)
        {
            return false;
        }

        ref var current = ref _records[_current];
        ref var next = ref _records[_current ^ 1];
        bool hasNext = _reader.Read(ref next);
        ulong t = current.TimestampNs;
        bool isSpike = IsSpike(_hasPrevious, _previous, t, hasNext, next.TimestampNs, out ulong repaired);

        record = current;
        if (isSpike)
        {
            record.TimestampNs = repaired;
            _reader.Statistics.CorruptTimestamps++;
        }

        _previous = record.TimestampNs;
        _hasPrevious = true;
        _current ^= 1;
        _hasCurrent = hasNext;
        return true;
    }

    /// <summary>
    /// The rule: whether timestamp <paramref name="t"/>, between its repaired predecessor and its raw successor (each
    /// present or not), is a spike, and what it becomes. Also applied by the analyses' column path.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool IsSpike(bool hasPrevious, ulong previous, ulong t, bool hasNext, ulong next, out ulong repaired)
    {
        repaired = t;
        if (hasPrevious && hasNext)
        {
            if (Distance(t, previous) > SpikeNs && Distance(t, next) > SpikeNs && (t > previous) == (t > next))
            {
                repaired = previous;
                return true;
            }

            return false;
        }

        if (hasPrevious && Distance(t, previous) > EdgeSpikeNs)
        {
            repaired = previous;
            return true;
        }

        if (hasNext && !hasPrevious && Distance(t, next) > EdgeSpikeNs)
        {
            repaired = next;
            return true;
        }

        return false;
    }

    private static ulong Distance(ulong a, ulong b) => a > b ? a - b : b - a;
}
