using System.Globalization;

namespace QemuTrace.Session;

/// <summary>The one rule for <c>--top N</c> on tables, in both front ends: a whole number of rows, 0 for all rows.</summary>
public static class RowCount
{
    /// <summary>
    /// <paramref name="rows"/> as a row limit: null for all rows (0), else the number.
    /// </summary>
    /// <exception cref="InputException">A negative number.</exception>
    public static int? Check(int rows, string option) => rows switch
    {
        0 => null,
        > 0 => rows,
        _ => throw Refused(rows.ToString(CultureInfo.InvariantCulture), option),
    };

    /// <summary><paramref name="text"/> (as typed) as a row limit: null for all rows (0), else the number.</summary>
    /// <exception cref="InputException">Not a whole number, or negative.</exception>
    public static int? Parse(string text, string option) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int rows) && rows >= 0
            ? Check(rows, option)
            : throw Refused(text, option);

    private static InputException Refused(string text, string option) =>
        new(option, $"expected a number of rows >= 0 (0: all rows), not `{text}`; e.g. {option} 10");
}
