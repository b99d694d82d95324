using System.Runtime.CompilerServices;

namespace QemuTrace.Analysis;

/// <summary>
/// The one rule that splits an interval into fixed bins (every bins table, tracked or kept, uses it): the parts of
/// [start, start + duration) per bin, up to <see cref="TimeBins.MaxBins"/> bins; what lies beyond is
/// <see cref="Beyond"/>. Nothing for an empty or negative interval, or one before 0.
/// </summary>
internal struct BinParts
{
    private readonly long _binNs;
    private readonly long _end;
    private long _start;

    public BinParts(long binNs, long start, long duration)
    {
        _binNs = binNs;
        long limit = LimitOf(binNs);
        if (duration <= 0 || start < 0)
        {
            _start = _end = 0;
            Beyond = 0;
            return;
        }

        long end = start > long.MaxValue - duration ? long.MaxValue : start + duration;
        _start = start;
        _end = Math.Min(end, limit);
        Beyond = end > limit ? end - Math.Max(start, limit) : 0;
    }

    /// <summary>ns of the interval past the last bin there may be.</summary>
    public long Beyond { get; }

    /// <summary>The next part: its bin and ns; false when none is left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Next(out int bin, out long ns)
    {
        if (_start >= _end)
        {
            bin = 0;
            ns = 0;
            return false;
        }

        long b = _start / _binNs;
        ns = Math.Min(_end, (b + 1) * _binNs) - _start;
        bin = (int)b;
        _start += ns;
        return true;
    }

    /// <summary>Where bins end: <see cref="TimeBins.MaxBins"/> bins of <paramref name="binNs"/>.</summary>
    public static long LimitOf(long binNs) => binNs > long.MaxValue / TimeBins.MaxBins ? long.MaxValue : TimeBins.MaxBins * binNs;
}

/// <summary>
/// The bin the last interval started in, so that the next one, which usually lies inside it, needs no division.
/// </summary>
internal struct BinCursor(long binNs)
{
    private readonly long _binNs = binNs;
    private readonly long _limit = BinParts.LimitOf(binNs);
    private long _start = long.MaxValue;
    private long _end = long.MaxValue;

    /// <summary>The bin of <see cref="Holds"/>.</summary>
    public int Bin { get; private set; }

    /// <summary>True when the interval (not empty) lies inside <see cref="Bin"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool Holds(long start, long duration) => start >= _start && duration > 0 && duration <= _end - start;

    /// <summary>Moves to the bin of <paramref name="start"/> (stays where it is for a time no bin holds).</summary>
    public void MoveTo(long start)
    {
        if (start < 0 || start >= _limit)
        {
            return;
        }

        Bin = (int)(start / _binNs);
        _start = Bin * _binNs;
        _end = Math.Min(_start > long.MaxValue - _binNs ? long.MaxValue : _start + _binNs, _limit);
    }
}
