using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using QemuTrace.Formats;

namespace QemuTrace.Export;

/// <summary>
/// Decodes every record of a trace to text (<see cref="SimpletraceTextWriter"/>, <see cref="TsvRecordWriter"/>): the
/// calling thread reads runs of records, the other cores format them, and the text goes out in trace order, the same
/// bytes as one writer over the whole trace. Memory is bounded by the runs in flight (two per core).
/// </summary>
public static class TraceTextDecoder
{
    /// <summary>Records per run handed to a formatter.</summary>
    public const int RunRecords = 16384;

    /// <summary>
    /// Writes the header and every record of <paramref name="reader"/> to <paramref name="output"/> with writers made by
    /// <paramref name="createWriter"/>, on <paramref name="threads"/> threads (0: every core; 1: this thread only).
    /// Returns the records written. A reader's error is thrown after every record before it was written.
    /// </summary>
    public static long Decode(ITraceReader reader, Stream output, Func<Stream, IRecordTextSource, ITraceRecordWriter> createWriter,
        int threads = 0, Action<long, long>? progress = null)
    {
        threads = threads <= 0 ? Environment.ProcessorCount : threads;
        var writer = createWriter(output, reader);
        writer.WriteHeader();
        if (threads == 1)
        {
            return DecodeHere(reader, writer, progress);
        }

        writer.Flush();
        return DecodeInParallel(reader, output, createWriter, 2 * threads, progress);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long DecodeHere(ITraceReader reader, ITraceRecordWriter writer, Action<long, long>? progress)
    {
        var record = default(TraceRecord);
        long n = 0;
        try
        {
            while (reader.Read(ref record))
            {
                writer.Write(record);
                if ((++n & 0xFFFF) == 0)
                {
                    progress?.Invoke(n, reader.Statistics.BytesRead);
                }
            }
        }
        catch (TraceFormatException)
        {
            // The records before the fault are decoded: write them all, not only the buffers already full.
            writer.Flush();
            throw;
        }

        writer.Flush();
        progress?.Invoke(n, reader.Statistics.BytesRead);
        return n;
    }

    private static long DecodeInParallel(ITraceReader reader, Stream output, Func<Stream, IRecordTextSource, ITraceRecordWriter> createWriter,
        int maxInFlight, Action<long, long>? progress)
    {
        var free = new Stack<RecordBatch>();
        var inFlight = new Queue<(RecordBatch Batch, Task Formatting)>();
        long n = 0;
        ulong first = 0;
        ulong previous = 0;
        ExceptionDispatchInfo? failure = null;
        bool more = true;
        while (more)
        {
            var batch = free.Count > 0 ? free.Pop() : new RecordBatch(reader.Events, RunRecords, createWriter);
            try
            {
                more = batch.Fill(reader);
            }
            catch (Exception e)
            {
                // Write every record before the fault first, as one writer would have.
                failure = ExceptionDispatchInfo.Capture(e);
                more = false;
            }

            if (batch.Count > 0)
            {
                if (n == 0)
                {
                    first = batch.FirstNs;
                }

                batch.Follow(n > 0, first, previous);
                previous = batch.LastNs;
                n += batch.Count;
                inFlight.Enqueue((batch, Task.Run(batch.Format)));
            }
            else
            {
                free.Push(batch);
            }

            progress?.Invoke(n, reader.Statistics.BytesRead);
            while (inFlight.Count > 0 && (inFlight.Count >= maxInFlight || !more))
            {
                var (done, formatting) = inFlight.Dequeue();
                formatting.GetAwaiter().GetResult();
                done.WriteTo(output);
                free.Push(done);
            }
        }

        output.Flush();
        failure?.Throw();
        return n;
    }
}
