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

    /// <summary>
    /// The loop of every reader's fast path: <paramref name="readRun"/> decodes what it can in bulk straight into the
    /// columns and stops, without consuming it, at anything else; <see cref="ITraceReader.Read"/> takes that one record
    /// (so errors, warnings and statistics are the record-by-record path's), then the run goes on. False when no
    /// record was appended.
    /// </summary>
    internal static bool ReadWithRuns(ITraceReader reader, RecordColumns columns, Action<RecordColumns> readRun)
    {
        int before = columns.Count;
        var record = default(TraceRecord);
        while (!columns.IsFull)
        {
            readRun(columns);
            if (columns.IsFull || !reader.Read(ref record))
            {
                break;
            }

            columns.Add(reader.Events[record.EventIndex], record);
        }

        return columns.Count > before;
    }
}
