namespace QemuTrace.Analysis.Passes;

/// <summary>
/// How <see cref="TraceBlockStream"/> reads a trace. Results never depend on it (tests hold every setting to the
/// record-by-record reference); it exists for benchmarks and for those tests.
/// </summary>
/// <param name="ColumnCapacity">Records per run of the column path.</param>
/// <param name="ReadAhead">Decode on a second thread while the passes run; false does both on the calling thread.</param>
/// <param name="RecordByRecord">The reference path: one record at a time through <c>TimestampSpikeFilter</c>.</param>
/// <param name="DecodeWorkers">With <paramref name="ReadAhead"/>, threads decoding an every-block capture file's chunks
/// at once; 0 (the default) leaves two cores to the reading and passes' threads: all cores but two, at least one (one
/// decodes on the reading thread, as on a 2-core machine, where the passes' thread is the longer one).</param>
public sealed record TraceReading(int ColumnCapacity = 65536, bool ReadAhead = true, bool RecordByRecord = false, int DecodeWorkers = 0)
{
    /// <summary>The decoding threads <see cref="DecodeWorkers"/> asks for on this machine.</summary>
    public int DecodeThreads => DecodeWorkers > 0 ? DecodeWorkers : Math.Max(1, Environment.ProcessorCount - 2);

    /// <summary>Runs of 65,536 records (fewer hand-overs between the threads than 16,384: measured faster; 4,096 is 0.5 s slower on 100 M records), decoded on a second thread.</summary>
    public static TraceReading Default { get; } = new();

    /// <summary>One thread: decoding and the passes on the calling thread.</summary>
    public static TraceReading OneThread { get; } = new(ReadAhead: false);
}
