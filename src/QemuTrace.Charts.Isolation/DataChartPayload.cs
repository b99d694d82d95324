using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Analysis;

namespace QemuTrace.Charts.Isolation;

/// <summary>
/// A chart of any DataFrame's columns as plain data: x values (numbers or categories), one series per y column, axis
/// titles and a subtitle, already in the units drawn (<c>_ns</c> columns in ms) and thinned to what a chart can show.
/// It travels as JSON across the <see cref="System.Runtime.Loader.AssemblyLoadContext"/> boundary like <see cref="ChartPayload"/>.
/// </summary>
/// <example><code>
/// var payload = DataChartPayload.From(frame, "bin_start_ns", ["kernel", "user"], DataChartKinds.Area);
/// string html = IsolatedCharts.LoadFromOwnFolder().RenderDataChartHtml(payload);
/// </code></example>
public sealed record DataChartPayload
{
    /// <summary>Pixel columns of a chart's plot area at a usual page or notebook width: more points than this are thinned.</summary>
    public const int DefaultPixels = 1000;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static readonly HashSet<Type> NumericTypes =
    [
        typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong),
        typeof(float), typeof(double), typeof(decimal),
    ];

    /// <summary>line, bar or area (<see cref="DataChartKinds"/>).</summary>
    public string Kind { get; init; } = DataChartKinds.Line;

    /// <summary>The chart's title.</summary>
    public string Title { get; init; } = "";

    /// <summary>The line under the title: rows drawn, and how they were thinned.</summary>
    public string Subtitle { get; init; } = "";

    /// <summary>The x axis title: the column's name and unit.</summary>
    public string XTitle { get; init; } = "";

    /// <summary>The y axis title: the columns' names and unit.</summary>
    public string YTitle { get; init; } = "";

    /// <summary>The x values of a numeric x column, one per point (null for a string x column).</summary>
    public IReadOnlyList<double>? X { get; init; }

    /// <summary>The x values of a string x column, one per point, drawn as categories (null for a numeric x column).</summary>
    public IReadOnlyList<string>? XCategories { get; init; }

    /// <summary>One series per y column.</summary>
    public IReadOnlyList<DataChartSeries> Series { get; init; } = [];

    /// <summary>Rows in the DataFrame.</summary>
    public long Rows { get; init; }

    /// <summary>Whether the rows were thinned to each series' min and max per pixel column (<see cref="MinMaxDownsampler"/>).</summary>
    public bool Downsampled { get; init; }

    /// <summary>
    /// The chart of <paramref name="frame"/>: <paramref name="x"/> along the x axis, one series per column of
    /// <paramref name="ys"/> (numeric columns only). Columns named <c>..._ns</c> are drawn in ms and <c>..._ms</c> in ms,
    /// and the axis titles say so. With more rows than <paramref name="pixels"/>, only the rows holding each series' min
    /// and max in each of <paramref name="pixels"/> buckets of x are kept, and the subtitle says so.
    /// Throws an <see cref="ArgumentException"/> with a one-line message for an empty frame, an unknown column (naming the
    /// frame's columns), a y column that is not numeric, or an x column that is neither numeric nor text.
    /// </summary>
    public static DataChartPayload From(DataFrame frame, string x, IReadOnlyList<string> ys, string kind = DataChartKinds.Line, string? title = null, int pixels = DefaultPixels)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pixels);
        DataChartKinds.Check(kind);
        if (frame.Rows.Count == 0)
        {
            throw new ArgumentException(frame.Columns.Count == 0
                ? "the DataFrame is empty (no columns, no rows): nothing to chart"
                : $"the DataFrame has no rows (columns: {string.Join(", ", frame.Columns.Select(c => c.Name))}): nothing to chart");
        }

        if (ys.Count == 0)
        {
            throw new ArgumentException($"no y column given: name at least one numeric column to draw ({Numeric(frame)})");
        }

        var xColumn = Column(frame, x, "x");
        bool numericX = NumericTypes.Contains(xColumn.DataType);
        if (!numericX && xColumn.DataType != typeof(string))
        {
            throw new ArgumentException($"x column `{x}` holds {xColumn.DataType.Name} values: x takes a numeric or text column");
        }

        var yColumns = ys.Select(y => Column(frame, y, "y")).ToList();
        foreach (var column in yColumns.Where(c => !NumericTypes.Contains(c.DataType)))
        {
            throw new ArgumentException($"y column `{column.Name}` holds {column.DataType.Name} values, not numbers: y takes numeric columns ({Numeric(frame)})");
        }

        if (frame.Rows.Count > int.MaxValue)
        {
            throw new ArgumentException($"the DataFrame has {frame.Rows.Count:N0} rows: at most {int.MaxValue:N0} can be charted");
        }

        // Rows without an x cannot be placed: leave them out (and say so).
        int total = (int)frame.Rows.Count;
        double xScale = Scale(UnitOf(x));
        var xAll = numericX ? Doubles(xColumn) : null;
        var textAll = numericX ? null : Texts(xColumn);
        var rows = new List<int>(total);
        var xNumbers = new List<double>(numericX ? total : 0);
        var xTexts = new List<string>(numericX ? 0 : total);
        for (int row = 0; row < total; row++)
        {
            if (xAll is not null && xAll[row] is double number && double.IsFinite(number))
            {
                rows.Add(row);
                xNumbers.Add(number * xScale);
            }
            else if (textAll?[row] is string text)
            {
                rows.Add(row);
                xTexts.Add(text);
            }
        }

        if (rows.Count == 0)
        {
            throw new ArgumentException($"x column `{x}` has no values (all {total:N0} rows are null): nothing to chart");
        }

        var series = yColumns.Select(column =>
        {
            double scale = Scale(UnitOf(column.Name));
            var all = Doubles(column);
            var values = new double?[rows.Count];
            for (int i = 0; i < rows.Count; i++)
            {
                values[i] = all[rows[i]] is double d && double.IsFinite(d) ? d * scale : null;
            }

            return (IReadOnlyList<double?>)values;
        }).ToList();

        IReadOnlyList<int> points = Enumerable.Range(0, rows.Count).ToList();
        if (rows.Count > pixels)
        {
            var (buckets, order) = numericX ? NumericBuckets(xNumbers, pixels) : PositionBuckets(rows.Count, pixels);
            var kept = MinMaxDownsampler.Keep(buckets, order, series, pixels);
            if (kept.Count < rows.Count)
            {
                points = kept;
            }
        }

        bool downsampled = points.Count < rows.Count;
        var subtitle = $"{total:N0} rows";
        if (rows.Count < total)
        {
            subtitle += $" ({total - rows.Count:N0} without an x left out)";
        }

        if (downsampled)
        {
            subtitle += $", downsampled to {points.Count:N0} points: each y column's min and max in each of {pixels:N0} slices of x (one per pixel)";
        }

        return new DataChartPayload
        {
            Kind = kind,
            Title = string.IsNullOrWhiteSpace(title) ? $"{string.Join(", ", ys)} by {x}" : title,
            Subtitle = subtitle,
            XTitle = AxisTitle([x]),
            YTitle = AxisTitle(ys),
            X = numericX ? points.Select(p => xNumbers[p]).ToArray() : null,
            XCategories = numericX ? null : points.Select(p => xTexts[p]).ToArray(),
            Series = ys.Select((name, i) => new DataChartSeries(name, points.Select(p => series[i][p]).ToArray())).ToList(),
            Rows = total,
            Downsampled = downsampled,
        };
    }

    /// <summary>The payload as JSON (snake_case names).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a payload written by <see cref="ToJson"/>; throws an <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static DataChartPayload FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<DataChartPayload>(json, Json) ?? throw new ArgumentException("the data chart payload is JSON null", nameof(json));
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"the data chart payload is not a DataChartPayload's JSON: {e.Message}", nameof(json), e);
        }
    }

    private enum Unit
    {
        None,
        Nanoseconds,
        Milliseconds,
    }

    private static Unit UnitOf(string column) =>
        column.EndsWith("_ns", StringComparison.OrdinalIgnoreCase) ? Unit.Nanoseconds
        : column.EndsWith("_ms", StringComparison.OrdinalIgnoreCase) ? Unit.Milliseconds
        : Unit.None;

    /// <summary>ns columns are drawn in ms, like every other chart of this project.</summary>
    private static double Scale(Unit unit) => unit == Unit.Nanoseconds ? 1e-6 : 1.0;

    private static string UnitNote(Unit unit) => unit switch
    {
        Unit.Nanoseconds => " (ms, from ns)",
        Unit.Milliseconds => " (ms)",
        _ => "",
    };

    /// <summary>The names, with the unit said once when they share it, else after each name.</summary>
    private static string AxisTitle(IReadOnlyList<string> columns)
    {
        var units = columns.Select(UnitOf).Distinct().ToList();
        return units.Count == 1
            ? string.Join(", ", columns) + UnitNote(units[0])
            : string.Join(", ", columns.Select(c => c + UnitNote(UnitOf(c))));
    }

    private static DataFrameColumn Column(DataFrame frame, string name, string axis) =>
        frame.Columns.FirstOrDefault(c => c.Name == name)
        ?? throw new ArgumentException($"unknown {axis} column `{name}`: the DataFrame's columns are {string.Join(", ", frame.Columns.Select(c => c.Name))}");

    private static string Numeric(DataFrame frame)
    {
        var names = frame.Columns.Where(c => NumericTypes.Contains(c.DataType)).Select(c => c.Name).ToList();
        return names.Count == 0 ? "the DataFrame has no numeric column" : "numeric columns: " + string.Join(", ", names);
    }

    /// <summary>A numeric column's values as doubles, read through its typed enumerator (the indexer boxes every value).</summary>
    private static double?[] Doubles(DataFrameColumn column) => column switch
    {
        PrimitiveDataFrameColumn<double> c => Read(c, v => v),
        PrimitiveDataFrameColumn<long> c => Read(c, v => v),
        PrimitiveDataFrameColumn<int> c => Read(c, v => v),
        PrimitiveDataFrameColumn<float> c => Read(c, v => v),
        PrimitiveDataFrameColumn<ulong> c => Read(c, v => v),
        PrimitiveDataFrameColumn<uint> c => Read(c, v => v),
        PrimitiveDataFrameColumn<short> c => Read(c, v => v),
        PrimitiveDataFrameColumn<ushort> c => Read(c, v => v),
        PrimitiveDataFrameColumn<byte> c => Read(c, v => v),
        PrimitiveDataFrameColumn<sbyte> c => Read(c, v => v),
        PrimitiveDataFrameColumn<decimal> c => Read(c, v => (double)v),
        _ => Enumerable.Range(0, (int)column.Length).Select(i => column[i] is { } v ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : (double?)null).ToArray(),
    };

    /// <summary>Straight from the column's buffers and their null bitmaps (a set bit is a value, as in Arrow).</summary>
    private static double?[] Read<T>(PrimitiveDataFrameColumn<T> column, Func<T, double> convert)
        where T : unmanaged
    {
        var values = new double?[column.Length];
        long at = 0;
        using var bitmaps = column.GetReadOnlyNullBitMapBuffers().GetEnumerator();
        foreach (var buffer in column.GetReadOnlyDataBuffers())
        {
            var bitmap = bitmaps.MoveNext() ? bitmaps.Current.Span : default;
            var data = buffer.Span;
            for (int i = 0; i < data.Length; i++)
            {
                values[at++] = (i >> 3) < bitmap.Length && (bitmap[i >> 3] & (1 << (i & 7))) != 0 ? convert(data[i]) : null;
            }
        }

        return values;
    }

    private static string?[] Texts(DataFrameColumn column) => column is StringDataFrameColumn strings
        ? strings.ToArray()
        : Enumerable.Range(0, (int)column.Length).Select(i => (string?)column[i]).ToArray();

    /// <summary>Buckets of equal width over the x range, one per pixel; inside a bucket, points go by x.</summary>
    private static (int[] Buckets, double[] Order) NumericBuckets(List<double> x, int pixels)
    {
        double min = x.Min(), max = x.Max(), width = max - min;
        var buckets = x.Select(v => width > 0 ? (int)Math.Min(pixels - 1, Math.Floor((v - min) / width * pixels)) : 0).ToArray();
        return (buckets, x.ToArray());
    }

    /// <summary>Categories sit evenly along the axis in row order: buckets of consecutive rows.</summary>
    private static (int[] Buckets, double[] Order) PositionBuckets(int count, int pixels) =>
        (Enumerable.Range(0, count).Select(i => (int)((long)i * pixels / count)).ToArray(), Enumerable.Range(0, count).Select(i => (double)i).ToArray());
}
