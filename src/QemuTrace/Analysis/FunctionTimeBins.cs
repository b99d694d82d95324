namespace QemuTrace.Analysis;

/// <summary>
/// Time per bin for every function that ran, kept sparse (only bins where a function ran) while it fits a memory
/// budget: a function charted after the analysis needs no second pass. Each function's bins equal, to the ns, what
/// the analysis gives a tracked function (<see cref="TimeBins.ByFunction"/>).
/// </summary>
public sealed class FunctionTimeBins
{
    private readonly Dictionary<string, (int[] Bins, long[] Ns)> _byFunction;

    internal FunctionTimeBins(long binNs, Dictionary<string, (int[] Bins, long[] Ns)> byFunction)
    {
        BinNs = binNs;
        _byFunction = byFunction;
    }

    /// <summary>Bin width in ns (the analysis's).</summary>
    public long BinNs { get; }

    /// <summary>Functions held.</summary>
    public int Count => _byFunction.Count;

    /// <summary>The function's bins as <see cref="TimeBins.ByFunction"/> holds a tracked function's; false when it never took time.</summary>
    public bool TryGet(string function, out List<long> bins)
    {
        if (!_byFunction.TryGetValue(function, out var sparse))
        {
            bins = [];
            return false;
        }

        bins = new List<long>(sparse.Bins.Length == 0 ? 0 : sparse.Bins[^1] + 1);
        for (int i = 0; i < sparse.Bins.Length; i++)
        {
            while (bins.Count < sparse.Bins[i])
            {
                bins.Add(0);
            }

            if (bins.Count == sparse.Bins[i])
            {
                bins.Add(0);
            }

            bins[sparse.Bins[i]] += sparse.Ns[i];
        }

        return true;
    }
}
