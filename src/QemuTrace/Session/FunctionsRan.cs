using QemuTrace.Analysis;

namespace QemuTrace.Session;

/// <summary>
/// The one rule for functions named by the user (<c>--function</c>, <c>chart function:NAME</c>): each
/// must have run in the trace, else a typo would bin or chart nothing (a column of zeros, an empty chart).
/// </summary>
public static class FunctionsRan
{
    /// <summary>Fails on the first of <paramref name="functions"/> that never ran, naming up to five similar functions that did.</summary>
    /// <exception cref="InputException">A function that is not in <paramref name="analysis"/>'s profile.</exception>
    public static void Require(BootAnalysis analysis, IEnumerable<string> functions, string option)
    {
        var seen = analysis.Profile.Select(p => p.Function).ToHashSet(StringComparer.Ordinal);
        foreach (var function in functions.Where(f => !seen.Contains(f)))
        {
            var similar = seen.Where(s => s.Contains(function, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).Take(5).ToList();
            throw new InputException(option,
                $"`{function}` never ran in this trace (names are as gdb prints them; the profile lists those that ran){(similar.Count > 0 ? $"; similar: {string.Join(", ", similar)}" : "")}");
        }
    }
}
