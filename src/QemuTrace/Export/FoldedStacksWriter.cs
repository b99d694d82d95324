using QemuTrace.Analysis;

namespace QemuTrace.Export;

/// <summary>
/// The profile as folded stacks (<c>region;function NS</c> per line) for FlameGraph's flamegraph.pl and speedscope.
/// exec_tb records carry no call stacks, so the "stack" is the boot region then the function.
/// </summary>
public static class FoldedStacksWriter
{
    /// <summary>Writes one line per function with its attributed ns.</summary>
    public static void Write(BootAnalysis analysis, TextWriter output)
    {
        foreach (var row in analysis.Profile.Where(p => p.TotalNs > 0))
        {
            output.Write(BootRegions.Name(row.Region));
            output.Write(';');
            output.Write(row.Function.Replace(';', ':').Replace(' ', '_'));
            output.Write(' ');
            output.Write(row.TotalNs.ToString(System.Globalization.CultureInfo.InvariantCulture));
            output.Write('\n');
        }
    }
}
