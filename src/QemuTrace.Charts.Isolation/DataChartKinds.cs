namespace QemuTrace.Charts.Isolation;

/// <summary>How a chart of a user's DataFrame draws its y columns (<c>#!trace chart --data ... --kind</c>, <see cref="DataChartPayload.From"/>).</summary>
public static class DataChartKinds
{
    /// <summary>One line per y column (the default).</summary>
    public const string Line = "line";

    /// <summary>Bars, side by side when there are several y columns.</summary>
    public const string Bar = "bar";

    /// <summary>Stacked areas: each y column on top of the ones before it.</summary>
    public const string Area = "area";

    /// <summary>All kinds, the default first.</summary>
    public static IReadOnlyList<string> All { get; } = [Line, Bar, Area];

    /// <summary>Throws an <see cref="ArgumentException"/> naming the valid kinds unless <paramref name="kind"/> is one.</summary>
    public static string Check(string kind) =>
        All.Contains(kind) ? kind : throw new ArgumentException($"unknown data chart kind `{kind}`: expected {string.Join(", ", All)}");
}
