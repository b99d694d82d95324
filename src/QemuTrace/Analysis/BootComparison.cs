namespace QemuTrace.Analysis;

/// <summary>Two boots side by side: the same function or milestone in each, and how much it moved.</summary>
public sealed class BootComparison
{
    private BootComparison(IReadOnlyList<FunctionDelta> functions, IReadOnlyList<MilestoneDelta> milestones)
    {
        Functions = functions;
        Milestones = milestones;
    }

    /// <summary>Functions in either boot, by the size of the change in time, largest first.</summary>
    public IReadOnlyList<FunctionDelta> Functions { get; }

    /// <summary>Milestones in either boot, in the order of the first boot (then the second's own).</summary>
    public IReadOnlyList<MilestoneDelta> Milestones { get; }

    /// <summary>Compares <paramref name="baseline"/> (A) with <paramref name="other"/> (B).</summary>
    public static BootComparison Compare(BootAnalysis baseline, BootAnalysis other)
    {
        var a = baseline.Profile.ToDictionary(p => p.Function, StringComparer.Ordinal);
        var b = other.Profile.ToDictionary(p => p.Function, StringComparer.Ordinal);
        var functions = a.Keys.Union(b.Keys, StringComparer.Ordinal)
            .Select(f =>
            {
                a.TryGetValue(f, out var x);
                b.TryGetValue(f, out var y);
                return new FunctionDelta(f, x?.TotalNs ?? 0, y?.TotalNs ?? 0, x?.Blocks ?? 0, y?.Blocks ?? 0);
            })
            .OrderByDescending(d => Math.Abs(d.DeltaNs)).ThenBy(d => d.Function, StringComparer.Ordinal)
            .ToList();
        var ma = baseline.Milestones.GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.First().TimeNs);
        var mb = other.Milestones.GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.First().TimeNs);
        var milestones = baseline.Milestones.Select(m => m.Name)
            .Concat(other.Milestones.Select(m => m.Name))
            .Distinct()
            .Select(n => new MilestoneDelta(n, ma.TryGetValue(n, out var x) ? x : null, mb.TryGetValue(n, out var y) ? y : null))
            .ToList();
        return new BootComparison(functions, milestones);
    }
}
