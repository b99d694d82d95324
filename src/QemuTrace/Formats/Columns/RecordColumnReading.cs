namespace QemuTrace.Formats.Columns;

/// <summary>Fills <see cref="RecordColumns"/> from any reader: its own fast path when it has one, else record by record.</summary>
public static class RecordColumnReading
{
    /// <summary>
    /// Clears <paramref name="columns"/> and appends the next records of <paramref name="reader"/> until they are full
    /// or the input ends; false when the input had no record left.
    /// </summary>
    public static bool Fill(ITraceReader reader, RecordColumns columns)
    {
        columns.Clear();
        if (reader is IRecordColumnReader fast)
        {
            bool any = fast.ReadColumns(columns);
            columns.BytesRead = reader.Statistics.BytesRead;
            return any;
        }

        var record = default(TraceRecord);
        var events = reader.Events;
        while (!columns.IsFull && reader.Read(ref record))
        {
            columns.Add(events[record.EventIndex], record);
        }

        columns.BytesRead = reader.Statistics.BytesRead;
        return columns.Count > 0;
    }
}
