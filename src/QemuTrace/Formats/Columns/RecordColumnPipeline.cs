using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using QemuTrace.Formats.Blocks;

namespace QemuTrace.Formats.Columns;

/// <summary>
/// Reads a trace into <see cref="RecordColumns"/> on its own thread while the caller consumes the runs already read:
/// decoding (and decompression) runs on one core and the analysis on another. A fixed set of column buffers circulates
/// between the two, so memory stays bounded whatever the trace's length. A reader's error reaches the consumer after
/// the records before it, where the consumer would have met it reading on its own.
/// </summary>
public sealed class RecordColumnPipeline : IDisposable
{
    /// <summary>Column buffers in circulation: enough to keep both threads busy, 8 MB in all at the default size.</summary>
    private const int Buffers = 4;

    private readonly BlockingCollection<RecordColumns> _free = new(Buffers);
    private readonly BlockingCollection<RecordColumns> _full = new(Buffers);
    private readonly CancellationTokenSource _stop;
    private readonly Task? _producer;
    private readonly Action<RecordColumns>? _prepare;
    private readonly ParallelBlockColumns? _parallel;
    private ExceptionDispatchInfo? _failure;
    private RecordColumns? _lent;

    /// <summary>Starts reading <paramref name="reader"/>; the reader belongs to the pipeline's thread until <see cref="Dispose"/>.</summary>
    /// <param name="reader">The trace.</param>
    /// <param name="cancel">Stops the reading thread.</param>
    /// <param name="capacity">Records per run.</param>
    /// <param name="create">Makes the circulating runs (a consumer's subclass with columns of its own); plain columns if null.</param>
    /// <param name="prepare">Runs on the reading thread on each run after it is read, in trace order (a consumer's work that depends only on earlier runs).</param>
    /// <param name="decodeWorkers">Threads decoding at once where the format allows (a plain every-block capture file:
    /// chunks decoded in parallel, <see cref="ParallelBlockColumns"/>); 1 decodes on the reading thread alone.</param>
    public RecordColumnPipeline(ITraceReader reader, CancellationToken cancel = default, int capacity = 65536,
        Func<int, RecordColumns>? create = null, Action<RecordColumns>? prepare = null, int decodeWorkers = 1)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        _prepare = prepare;
        var token = _stop.Token;
        var make = create ?? (c => new RecordColumns(c));
        // The runs the consumer side holds at once: the queue, the one being prepared and the one lent.
        _parallel = reader is BlockTraceReader blocks ? blocks.DecodeInParallel(decodeWorkers, capacity, make, Buffers + 2, token) : null;
        if (_parallel is { } parallel)
        {
            // With nothing to prepare, the consumer takes the decoded runs straight from the decoders.
            _producer = prepare is null ? null
                : Task.Factory.StartNew(() => Produce(parallel.Next, token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            return;
        }

        for (int i = 0; i < Buffers; i++)
        {
            _free.Add(make(capacity));
        }

        _producer = Task.Factory.StartNew(() => Produce(() => Read(reader, token), token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>True when the trace's chunks are being decoded on several threads (<see cref="ParallelBlockColumns"/>).</summary>
    internal bool DecodesInParallel => _parallel is not null;

    /// <summary>
    /// The next run of records, valid until the following call; null at the end of the trace.
    /// </summary>
    /// <exception cref="TraceFormatException">The reader failed after the runs already returned.</exception>
    public RecordColumns? Next()
    {
        if (_lent is not null)
        {
            if (_parallel is not null)
            {
                _parallel.Return(_lent);
            }
            else
            {
                _free.Add(_lent);
            }

            _lent = null;
        }

        if (_parallel is not null && _producer is null)
        {
            _lent = _parallel.Next();
            return _lent;
        }

        if (_full.TryTake(out var columns, Timeout.Infinite, _stop.Token))
        {
            _lent = columns;
            return columns;
        }

        // The producer finished: rethrow its failure on this thread, as if read here.
        _failure?.Throw();
        return null;
    }

    /// <summary>A free run filled from <paramref name="reader"/>; null at the end of the trace.</summary>
    private RecordColumns? Read(ITraceReader reader, CancellationToken token)
    {
        var columns = _free.Take(token);
        return RecordColumnReading.Fill(reader, columns) ? columns : null;
    }

    /// <summary>The reading thread: each run from <paramref name="next"/> (read here, or decoded in parallel), prepared, in trace order.</summary>
    private void Produce(Func<RecordColumns?> next, CancellationToken token)
    {
        try
        {
            while (next() is { } columns)
            {
                _prepare?.Invoke(columns);
                _full.Add(columns, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            _full.CompleteAdding();
        }
    }

    /// <summary>Stops the reading thread and waits for it.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _producer?.Wait();
        }
        catch (AggregateException)
        {
        }

        _parallel?.Dispose();
        _stop.Dispose();
        _free.Dispose();
        _full.Dispose();
    }
}
