using System.Globalization;
using Microsoft.Data.Analysis;
using QemuTrace.Formats;

namespace QemuTrace.Frames;

/// <summary>
/// Reads a table written by <c>qtrace ... --format tsv</c> (a header line of column names, then tab-separated values,
/// empty for null) back into a DataFrame: a column whose every value is a whole number becomes <see cref="long"/>, one of
/// numbers <see cref="double"/>, anything else (names, 0x addresses) text. Values keep full precision, unlike
/// <c>DataFrame.LoadCsv</c>'s guess of <see cref="float"/>.
/// </summary>
public static class TsvFrames
{
    /// <summary>The table in <paramref name="path"/>; a <see cref="TraceFormatException"/> naming the file and line when it is not one.</summary>
    public static DataFrame Read(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    /// <summary>The table read from <paramref name="reader"/>; <paramref name="name"/> is the file named in errors.</summary>
    public static DataFrame Read(TextReader reader, string name)
    {
        var header = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new TraceFormatException(name, TraceLocation.Line(1), "expected a header line of tab-separated column names (a table written by qtrace ... --format tsv), found an empty file");
        }

        var names = header.TrimEnd('\r').Split('\t');
        var cells = names.Select(_ => new List<string?>()).ToArray();
        long line = 1;
        for (var text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            line++;
            text = text.TrimEnd('\r');
            if (text.Length == 0)
            {
                continue;
            }

            var fields = text.Split('\t');
            if (fields.Length != names.Length)
            {
                throw new TraceFormatException(name, TraceLocation.Line(line), $"{fields.Length} tab-separated values, the header has {names.Length} ({string.Join(", ", names)}): write the table with qtrace ... --format tsv");
            }

            for (int i = 0; i < fields.Length; i++)
            {
                cells[i].Add(fields[i].Length == 0 ? null : fields[i]);
            }
        }

        return new DataFrame(names.Select((column, i) => Column(column, cells[i])));
    }

    private static DataFrameColumn Column(string name, List<string?> values)
    {
        var present = values.Where(v => v is not null).ToList();
        if (present.Count > 0 && present.All(v => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
        {
            return new Int64DataFrameColumn(name, values.Select(v => v is null ? (long?)null : long.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)));
        }

        if (present.Count > 0 && present.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            return new DoubleDataFrameColumn(name, values.Select(v => v is null ? (double?)null : double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)));
        }

        return new StringDataFrameColumn(name, values);
    }
}
