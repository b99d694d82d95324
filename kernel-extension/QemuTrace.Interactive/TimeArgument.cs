using System.Globalization;

namespace QemuTrace.Interactive;

/// <summary>Times on the command line: <c>1500000</c> (ns), <c>250us</c>, <c>12.5ms</c>, <c>3.2s</c>.</summary>
internal static class TimeArgument
{
    private static readonly (string Suffix, double Ns)[] Units = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9)];

    public static long? Parse(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim();
        foreach (var (suffix, ns) in Units)
        {
            if (value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && double.TryParse(value[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 0)
            {
                return (long)Math.Round(number * ns);
            }
        }

        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var plain) && plain >= 0)
        {
            return plain;
        }

        throw new TraceCommandException($"{option} `{text}` is not a time: use ns (1500000) or a unit (250us, 12.5ms, 3.2s)");
    }
}
