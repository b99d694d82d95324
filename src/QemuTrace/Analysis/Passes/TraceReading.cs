namespace QemuTrace.Analysis.Passes;

/// <summary>
/// How <see cref="TraceBlockStream"/> reads a trace. Results never depend on it (tests hold every setting to the
/// record-by-record reference); it exists for benchmarks and for those tests.
/// </summary>
/// <param name="ColumnCapacity">Records per run of the column path.</param>
/// <param name="ReadAhead">Decode on a second thread while the passes run; false does both on the calling thread.</param>
/// <param name="RecordByRecord">The reference path: one record at a time through <c>TimestampSpikeFilter</c>.</param>
public sealed record TraceReading(int ColumnCapacity = 16384, bool ReadAhead = true, bool RecordByRecord = false)
{
    /// <summary>Runs of 16,384 records, decoded on a second thread.</summary>
    public static TraceReading Default { get; } = new();

    /// <summary>One thread: decoding and the passes on the calling thread.</summary>
    public static TraceReading OneThread { get; } = new(ReadAhead: false);
}
