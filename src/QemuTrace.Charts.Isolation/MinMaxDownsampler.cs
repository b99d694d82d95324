namespace QemuTrace.Charts.Isolation;

/// <summary>
/// Thins a series to what a chart can show: the x range is cut into one bucket per pixel column and, in each bucket,
/// only the rows holding some series' minimum or maximum are kept. A line through them draws the same vertical extent
/// per pixel as all the rows would, so spikes and dips survive (taking every n-th row would drop them).
/// </summary>
public static class MinMaxDownsampler
{
    /// <summary>
    /// The rows to keep, ordered by bucket then by <paramref name="order"/> (then row): for each bucket and each series,
    /// the row of its smallest and of its largest non-null value (the first such row on ties).
    /// </summary>
    /// <param name="bucketOfRow">Each row's bucket, 0 to <paramref name="buckets"/> - 1.</param>
    /// <param name="order">Each row's position along x inside its bucket (x itself, or the row's place for categories).</param>
    /// <param name="series">The y values per series, one per row.</param>
    /// <param name="buckets">How many buckets (pixel columns).</param>
    public static IReadOnlyList<int> Keep(IReadOnlyList<int> bucketOfRow, IReadOnlyList<double> order, IReadOnlyList<IReadOnlyList<double?>> series, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(buckets);
        int rows = bucketOfRow.Count;
        var min = new int[buckets];
        var max = new int[buckets];
        var keep = new bool[rows];
        foreach (var values in series)
        {
            Array.Fill(min, -1);
            Array.Fill(max, -1);
            for (int row = 0; row < rows; row++)
            {
                if (values[row] is not double value)
                {
                    continue;
                }

                int bucket = bucketOfRow[row];
                if (min[bucket] < 0 || value < values[min[bucket]]!.Value)
                {
                    min[bucket] = row;
                }

                if (max[bucket] < 0 || value > values[max[bucket]]!.Value)
                {
                    max[bucket] = row;
                }
            }

            for (int bucket = 0; bucket < buckets; bucket++)
            {
                if (min[bucket] >= 0)
                {
                    keep[min[bucket]] = true;
                    keep[max[bucket]] = true;
                }
            }
        }

        return Enumerable.Range(0, rows).Where(row => keep[row])
            .OrderBy(row => bucketOfRow[row]).ThenBy(row => order[row]).ThenBy(row => row)
            .ToList();
    }
}
