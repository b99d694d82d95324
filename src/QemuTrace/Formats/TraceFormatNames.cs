namespace QemuTrace.Formats;

/// <summary>The names users give input formats by (<c>--input-format</c> in both faces): one list, one parser.</summary>
public static class TraceFormatNames
{
    private static readonly (string Name, TraceFormat Format)[] All =
    [
        ("simple", TraceFormat.Simple),
        ("log", TraceFormat.Log),
        ("simpletrace", TraceFormat.SimpletraceText),
        ("timestamp-pc", TraceFormat.TimestampPc),
        ("blocks", TraceFormat.Blocks),
    ];

    /// <summary>Every name, in the order help lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(f => f.Name).ToArray();

    /// <summary>The format named <paramref name="name"/>; null or empty: sniff the file.</summary>
    /// <exception cref="InputException">An unknown name.</exception>
    public static TraceFormat? Parse(string? name, string option = "--input-format")
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        foreach (var (known, format) in All)
        {
            if (known == name.Trim())
            {
                return format;
            }
        }

        throw new InputException(option, $"`{name}` is not an input format; give one of {string.Join(", ", Names)}, or leave it out to sniff the file");
    }
}
