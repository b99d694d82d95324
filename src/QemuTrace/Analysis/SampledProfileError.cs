using QemuTrace.Symbols;

namespace QemuTrace.Analysis;

/// <summary>
/// How far the seed's sampled profile (exec_tb intervals) is from the exact one (a block capture, every block), on
/// the window both cover: everything after the kernel's first virtual address (firmware and early boot are left out,
/// because a capture started at kernel entry has none of them). Shares are compared, not ns: the two captures need
/// not share a clock or a speed.
/// </summary>
public sealed class SampledProfileError
{
    private SampledProfileError(IReadOnlyList<SampledFunctionError> functions, long exactNs, long sampledNs)
    {
        Functions = functions;
        ExactWindowNs = exactNs;
        SampledWindowNs = sampledNs;
    }

    /// <summary>Every function of either profile in the window, by exact time, largest first (then the sampled-only ones).</summary>
    public IReadOnlyList<SampledFunctionError> Functions { get; }

    /// <summary>Time of the exact profile in the window.</summary>
    public long ExactWindowNs { get; }

    /// <summary>Time of the sampled profile in the window.</summary>
    public long SampledWindowNs { get; }

    /// <summary>Compares a sampled analysis (exec_tb trace) with an exact one (block capture).</summary>
    public static SampledProfileError Compare(BootAnalysis sampled, BootAnalysis exact)
    {
        static bool InWindow(FunctionProfileRow row) => row.Region is not (AddressRegion.Firmware or AddressRegion.EarlyBoot);
        var exactRows = exact.Profile.Where(InWindow).OrderByDescending(r => r.TotalNs).ThenBy(r => r.Function, StringComparer.Ordinal).ToList();
        var sampledRows = sampled.Profile.Where(InWindow).OrderByDescending(r => r.TotalNs).ThenBy(r => r.Function, StringComparer.Ordinal).ToList();
        long exactNs = exactRows.Sum(r => r.TotalNs);
        long sampledNs = sampledRows.Sum(r => r.TotalNs);
        long instructions = exactRows.Sum(r => r.Instructions ?? 0);
        bool hasInstructions = exact.Instructions is not null;
        var sampledRank = new Dictionary<string, (int Rank, FunctionProfileRow Row)>(StringComparer.Ordinal);
        for (int i = 0; i < sampledRows.Count; i++)
        {
            if (sampledRows[i].TotalNs > 0)
            {
                sampledRank[sampledRows[i].Function] = (i + 1, sampledRows[i]);
            }
        }

        var rows = new List<SampledFunctionError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < exactRows.Count; i++)
        {
            var e = exactRows[i];
            seen.Add(e.Function);
            bool inSample = sampledRank.TryGetValue(e.Function, out var s);
            rows.Add(new SampledFunctionError(e.Function, i + 1, inSample ? s.Rank : null, e.TotalNs, Share(e.TotalNs, exactNs),
                inSample ? s.Row.TotalNs : 0, inSample ? Share(s.Row.TotalNs, sampledNs) : 0,
                hasInstructions ? Share(e.Instructions ?? 0, instructions) : null));
        }

        foreach (var (function, (rank, row)) in sampledRank.Where(kv => !seen.Contains(kv.Key)).OrderBy(kv => kv.Value.Rank))
        {
            rows.Add(new SampledFunctionError(function, exactRows.Count + 1, rank, 0, 0, row.TotalNs, Share(row.TotalNs, sampledNs), hasInstructions ? 0 : null));
        }

        return new SampledProfileError(rows, exactNs, sampledNs);
    }

    /// <summary>Mean of |sampled share - exact share| over the exact profile's top <paramref name="n"/>, in percentage points.</summary>
    public double MeanAbsoluteErrorPoints(int n) => Functions.Take(n).Select(f => Math.Abs(f.ErrorPoints)).DefaultIfEmpty().Average();

    /// <summary>How many of the exact top <paramref name="n"/> are also in the sampled top <paramref name="n"/>.</summary>
    public int SharedTop(int n) => Functions.Take(n).Count(f => f.SampledRank <= n);

    /// <summary>Spearman's rank correlation between the two profiles over the exact top <paramref name="n"/> (ranks within those n).</summary>
    public double RankCorrelation(int n)
    {
        var top = Functions.Take(n).ToList();
        if (top.Count < 2)
        {
            return 1;
        }

        var bySampled = top.OrderByDescending(f => f.SampledNs).ThenBy(f => f.ExactRank).Select((f, i) => (f.Function, Rank: i + 1)).ToDictionary(x => x.Function, x => x.Rank, StringComparer.Ordinal);
        double d2 = top.Select((f, i) => Math.Pow((i + 1) - bySampled[f.Function], 2)).Sum();
        return 1 - (6 * d2 / (top.Count * ((double)top.Count * top.Count - 1)));
    }

    private static double Share(long part, long whole) => whole == 0 ? 0 : 100.0 * part / whole;
}
