using QemuTrace.Symbols;

namespace QemuTrace.Analysis;

/// <summary>
/// Attributed time per region (and per tracked function) in fixed bins over the boot; intervals that cross a bin
/// boundary are split between the bins. At most <see cref="MaxBins"/> bins are kept whatever the timestamps: time
/// after the last one is left out (see <see cref="IsFull"/>), so memory stays bounded.
/// </summary>
public sealed class TimeBins
{
    /// <summary>Most bins per series (2 Mi: 5.8 hours at 10 ms, 8 MiB per series).</summary>
    public const int MaxBins = 1 << 21;

    internal TimeBins(long binNs, IReadOnlyList<string> trackedFunctions)
    {
        BinNs = binNs;
        _tracked = [.. trackedFunctions];
        ByRegion = Enum.GetValues<AddressRegion>().ToDictionary(r => r, _ => new List<long>());
        ByFunction = trackedFunctions.ToDictionary(f => f, _ => new List<long>());
    }

    /// <summary>Width of a bin in ns.</summary>
    public long BinNs { get; }

    /// <summary>Number of bins.</summary>
    public int Count => ByRegion.Values.Max(l => l.Count);

    /// <summary>Functions whose time is binned too.</summary>
    public IReadOnlyList<string> TrackedFunctions => _tracked;

    private readonly List<string> _tracked;

    /// <summary>ns attributed to each region in each bin.</summary>
    public Dictionary<AddressRegion, List<long>> ByRegion { get; }

    /// <summary>ns attributed to each tracked function in each bin.</summary>
    public Dictionary<string, List<long>> ByFunction { get; }

    /// <summary>True when the bins reached <see cref="MaxBins"/>: time after the last bin is in no bin (the totals still count it).</summary>
    public bool IsFull => Count >= MaxBins;

    /// <summary>Tracks one more function whose bins were kept by the same analysis (<see cref="FunctionTimeBins"/>).</summary>
    internal void Track(string function, List<long> bins)
    {
        _tracked.Add(function);
        ByFunction[function] = bins;
    }

    /// <summary>Adds an interval to <paramref name="bins"/>; returns the part that fell beyond <see cref="MaxBins"/>.</summary>
    internal static long Add(List<long> bins, long binNs, long start, long duration)
    {
        if (duration <= 0 || start < 0)
        {
            return 0;
        }

        long end = start > long.MaxValue - duration ? long.MaxValue : start + duration;
        long first = start / binNs;
        if (first < bins.Count && end <= (first + 1) * binNs)
        {
            // The common case: the interval lies within one existing bin.
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bins)[(int)first] += duration;
            return 0;
        }

        var parts = new BinParts(binNs, start, duration);
        while (parts.Next(out int bin, out long part))
        {
            while (bins.Count <= bin)
            {
                bins.Add(0);
            }

            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bins)[bin] += part;
        }

        return parts.Beyond;
    }
}
