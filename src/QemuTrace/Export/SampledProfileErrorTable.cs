using QemuTrace.Analysis;

namespace QemuTrace.Export;

/// <summary>A <see cref="SampledProfileError"/> as a table: per function, exact and sampled shares and the error.</summary>
public static class SampledProfileErrorTable
{
    /// <summary>
    /// <c>function exact_rank sampled_rank exact_percent sampled_percent error_points ratio insn_percent</c> for the exact
    /// profile's top <paramref name="top"/>, with the summary in the notes.
    /// </summary>
    public static ResultTable Create(SampledProfileError error, int top)
    {
        var table = new ResultTable($"Sampled (exec_tb) vs exact (every block) time per function, top {top} of the exact profile, after kernel entry",
            new("function", ColumnKind.Text), new("exact_rank", ColumnKind.Integer), new("sampled_rank", ColumnKind.Integer),
            new("exact_percent", ColumnKind.Percent), new("sampled_percent", ColumnKind.Percent), new("error_points", ColumnKind.Percent),
            new("ratio", ColumnKind.Percent), new("insn_percent", ColumnKind.Percent));
        foreach (var f in error.Functions.Take(top))
        {
            table.Add(f.Function, (long)f.ExactRank, f.SampledRank is int r ? (long)r : null, f.ExactPercent, f.SampledPercent, f.ErrorPoints,
                f.Ratio is double ratio ? 100 * ratio : null, f.InstructionPercent);
        }

        table.Notes.Add($"Top {top}: mean |error| {error.MeanAbsoluteErrorPoints(top):0.00} percentage points; {error.SharedTop(top)} of the exact top {top} are in the sampled top {top}; Spearman rank correlation {error.RankCorrelation(top):0.00}.");
        table.Notes.Add($"Top 10: mean |error| {error.MeanAbsoluteErrorPoints(10):0.00} points; {error.SharedTop(10)} of 10 shared; rank correlation {error.RankCorrelation(10):0.00}.");
        table.Notes.Add("ratio = sampled share / exact share (100% = right). Shares are of each profile's time after the kernel's first virtual address; time in both includes the capture's own overhead.");
        return table;
    }
}
