using System.Globalization;
using QemuTrace.Analysis;

namespace QemuTrace.Session;

/// <summary>
/// The one rule for the width of the time bins (<c>qtrace time-bins --bin-ms</c>, the charts' <c>--bin-ms</c>,
/// <c>#!trace time-bins --bin</c>): at least <see cref="MinimumNs"/>, and, once the trace's duration is known, wide
/// enough that the trace fits in <see cref="TimeBins.MaxBins"/> bins. Every series holds one 8-byte count per bin and
/// tables and charts hold one row per bin, so a 1 ns bin over a 6 s boot would ask for gigabytes.
/// </summary>
public static class BinWidth
{
    /// <summary>The bin width when none is given, in both front ends: 10 ms (about 600 bins for a 6 s boot).</summary>
    public const long DefaultNs = 10_000_000;

    /// <summary>The narrowest bin: 0.1 ms.</summary>
    public const long MinimumNs = 100_000;

    /// <summary>
    /// The bin width of <c>qtrace export --to parquet</c>'s <c>time_bins</c> table (and of
    /// <see cref="BootAnalysisOptions"/> when no width is given): 1 ms, kept so that existing exports do not change.
    /// </summary>
    public const long ExportNs = 1_000_000;

    /// <summary>A width given in milliseconds (the CLI's <c>--bin-ms</c>), checked, as ns.</summary>
    /// <exception cref="InputException">Not a number, or too narrow.</exception>
    public static long FromMilliseconds(double milliseconds, string option)
    {
        if (!double.IsFinite(milliseconds) || milliseconds < 0 || milliseconds > long.MaxValue / 1e6)
        {
            throw new InputException(option, $"{milliseconds.ToString(CultureInfo.InvariantCulture)} is not a bin width; give a width such as 10 (ms)");
        }

        return Check((long)Math.Round(milliseconds * 1e6), option);
    }

    /// <summary>Checks a width in ns against <see cref="MinimumNs"/> and, when known, the trace's duration.</summary>
    /// <exception cref="InputException">Too narrow.</exception>
    public static long Check(long binNs, string option, long? traceDurationNs = null)
    {
        if (binNs < MinimumNs)
        {
            throw new InputException(option, $"a bin of {binNs.ToString(CultureInfo.InvariantCulture)} ns is too narrow; give at least 0.1 ms (100000 ns), e.g. 10 ms");
        }

        if (traceDurationNs is long duration && duration / binNs >= TimeBins.MaxBins)
        {
            long least = duration / (TimeBins.MaxBins - 1) + 1;
            throw new InputException(option, $"a bin of {binNs.ToString(CultureInfo.InvariantCulture)} ns cuts this {duration / 1e9:F1} s trace into more than {TimeBins.MaxBins} bins; give at least {least.ToString(CultureInfo.InvariantCulture)} ns");
        }

        return binNs;
    }
}
