using System.Collections.Concurrent;
using QemuTrace.Formats;

namespace QemuTrace.Analysis;

/// <summary>
/// Reads records on a background thread into batches of (timestamp, kind, pc) and hands them to a consumer on the
/// calling thread, so that parsing and analysis use two cores. The reader's event table is only touched by the
/// reading thread: kinds and PCs are resolved there.
/// </summary>
internal static class RecordPipeline
{
    private const int BatchSize = 1 << 15;
    private const int QueueDepth = 8;

    private sealed class Batch
    {
        public readonly ulong[] Timestamps = new ulong[BatchSize];
        public readonly ulong[] Pcs = new ulong[BatchSize];
        public readonly TraceEventKind[] Kinds = new TraceEventKind[BatchSize];
        public int Count;
    }

    public static void Run(ITraceReader reader, BootAnalyzer consumer, Action<long, long>? progress, CancellationToken cancel)
    {
        using var full = new BlockingCollection<Batch>(QueueDepth);
        using var empty = new BlockingCollection<Batch>(QueueDepth + 2);
        for (int i = 0; i < QueueDepth + 2; i++)
        {
            empty.Add(new Batch());
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        Exception? failure = null;
        var producer = Task.Factory.StartNew(() =>
        {
            try
            {
                Produce(reader, full, empty, progress, stop.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                failure = e;
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                full.CompleteAdding();
            }
        }, TaskCreationOptions.LongRunning);

        try
        {
            foreach (var batch in full.GetConsumingEnumerable(cancel))
            {
                consumer.AddBatch(batch.Timestamps.AsSpan(0, batch.Count), batch.Kinds.AsSpan(0, batch.Count), batch.Pcs.AsSpan(0, batch.Count));

                batch.Count = 0;
                empty.Add(batch, cancel);
            }
        }
        finally
        {
            stop.Cancel();
            producer.Wait(CancellationToken.None);
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        cancel.ThrowIfCancellationRequested();
    }

    private static void Produce(ITraceReader reader, BlockingCollection<Batch> full, BlockingCollection<Batch> empty, Action<long, long>? progress, CancellationToken cancel)
    {
        var record = default(TraceRecord);
        var batch = empty.Take(cancel);
        long n = 0;
        int[] pcArgument = [];
        while (reader.Read(ref record))
        {
            int index = record.EventIndex;
            var kind = reader.Events.Kinds[index];
            ulong pc = 0;
            if (kind is TraceEventKind.ExecTb or TraceEventKind.ExecTbNocache)
            {
                if (index >= pcArgument.Length)
                {
                    pcArgument = reader.Events.All.Select(e => e.PcArgument).ToArray();
                }

                int argument = pcArgument[index];
                if (argument >= 0 && argument < record.ArgumentCount)
                {
                    pc = record.Arguments[argument];
                }
                else
                {
                    kind = TraceEventKind.Other;
                }
            }

            int i = batch.Count++;
            batch.Timestamps[i] = record.TimestampNs;
            batch.Kinds[i] = kind;
            batch.Pcs[i] = pc;
            if (batch.Count == BatchSize)
            {
                full.Add(batch, cancel);
                batch = empty.Take(cancel);
                n += BatchSize;
                progress?.Invoke(n, reader.Statistics.BytesRead);
            }
        }

        if (batch.Count > 0)
        {
            full.Add(batch, cancel);
        }
    }
}
