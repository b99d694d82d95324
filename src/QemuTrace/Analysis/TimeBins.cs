using QemuTrace.Symbols;

namespace QemuTrace.Analysis;

/// <summary>
/// Attributed time per region (and per tracked function) in fixed bins over the boot; intervals that cross a bin
/// boundary are split between the bins.
/// </summary>
public sealed class TimeBins
{
    internal TimeBins(long binNs, IReadOnlyList<string> trackedFunctions)
    {
        BinNs = binNs;
        TrackedFunctions = trackedFunctions;
        ByRegion = Enum.GetValues<AddressRegion>().ToDictionary(r => r, _ => new List<long>());
        ByFunction = trackedFunctions.ToDictionary(f => f, _ => new List<long>());
    }

    /// <summary>Width of a bin in ns.</summary>
    public long BinNs { get; }

    /// <summary>Number of bins.</summary>
    public int Count => ByRegion.Values.Max(l => l.Count);

    /// <summary>Functions whose time is binned too.</summary>
    public IReadOnlyList<string> TrackedFunctions { get; }

    /// <summary>ns attributed to each region in each bin.</summary>
    public Dictionary<AddressRegion, List<long>> ByRegion { get; }

    /// <summary>ns attributed to each tracked function in each bin.</summary>
    public Dictionary<string, List<long>> ByFunction { get; }

    internal static void Add(List<long> bins, long binNs, long start, long duration)
    {
        if (duration <= 0 || start < 0)
        {
            return;
        }

        long end = start + duration;
        int first = (int)(start / binNs);
        if (first < bins.Count && end <= (first + 1) * binNs)
        {
            // The common case: the interval lies within one existing bin.
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bins)[first] += duration;
            return;
        }

        while (start < end)
        {
            int bin = (int)(start / binNs);
            long binEnd = (bin + 1) * binNs;
            long part = Math.Min(end, binEnd) - start;
            while (bins.Count <= bin)
            {
                bins.Add(0);
            }

            bins[bin] += part;
            start += part;
        }
    }
}
