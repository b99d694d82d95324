using System.Runtime.CompilerServices;
using QemuTrace.Formats;
using QemuTrace.Formats.Columns;
using QemuTrace.Formats.Text;
using QemuTrace.Symbols;

namespace QemuTrace.Analysis.Passes;

/// <summary>
/// The one streaming pass: reads a trace's records (corrupt timestamps repaired by <see cref="TimestampSpikeFilter"/>),
/// turns each block record into a <see cref="TraceBlock"/> (one hash probe; symbolization and classification once per
/// distinct PC), and hands the blocks to every pass in batches. It also keeps what belongs to the stream rather than
/// to an analysis: the interval each block owns, dropped-event gaps, and out-of-order records.
/// </summary>
public sealed class TraceBlockStream
{
    /// <summary>Blocks per batch: large enough that a pass's interface call is noise, small enough to stay in cache.</summary>
    private const int BatchSize = 1024;

    private readonly TraceEventTable _events;
    private readonly ITracePass[] _passes;
    private readonly BlockLocator _locator;
    private readonly TraceBlock[] _batch = new TraceBlock[BatchSize];
    private readonly DroppedEventLocator _drops = new();
    private int _batched;

    private bool _started;
    private ulong _t0;
    private long _lastTime;
    private bool _pending;
    private long _pendingTime;
    private int _pendingSlot = -1;
    private AddressRegion _pendingRegion;
    private bool _pendingSpansDrop;
    private long _records;
    private long _blocks;
    private long _attributed;
    private long _dropIntervals;
    private long _dropNs;
    private long _negative;
    private long _instructions;
    private bool _hasInstructions;

    // The column path's spike filter: the repaired previous timestamp, and the run's last record waiting for its successor.
    private bool _hasPreviousTime;
    private ulong _previousTime;
    private bool _held;
    private ulong _heldTime;
    private HeldKind _heldKind;
    private TraceRecord _heldRecord;
    private ulong _heldPc;
    private long _heldInstructions;
    private int _heldArguments;
    private BlockSlot _heldSlot;

    private enum HeldKind : byte
    {
        Block,
        Plain,
        Dropped,
    }

    /// <summary>A stream over records of a reader with <paramref name="events"/>, feeding <paramref name="passes"/> in order.</summary>
    public TraceBlockStream(TraceEventTable events, IPcSymbolizer symbols, BootAnalysisOptions options, IReadOnlyList<ITracePass> passes)
    {
        _events = events;
        _passes = passes.ToArray();
        _locator = new BlockLocator(symbols);
        Info = new TraceStreamInfo(symbols, events, options);
        foreach (var pass in _passes)
        {
            pass.Start(Info);
        }
    }

    /// <summary>What the passes were started with.</summary>
    public TraceStreamInfo Info { get; }

    /// <summary>Gaps where QEMU dropped events (after <see cref="Finish"/>).</summary>
    public IReadOnlyList<DroppedEventGap> DroppedEventGaps => _drops.Gaps;

    /// <summary>Intervals that contain a dropped-event gap.</summary>
    public long IntervalsSpanningDrops => _dropIntervals;

    /// <summary>ns in intervals that contain a dropped-event gap.</summary>
    public long NsSpanningDrops => _dropNs;

    /// <summary>Intervals that went backwards (out-of-order records), counted as 0 ns.</summary>
    public long NegativeIntervals => _negative;

    /// <summary>Reads every record of <paramref name="reader"/> into the passes, then finishes them.</summary>
    public TraceStreamEnd Run(ITraceReader reader, Action<long, long>? progress = null, CancellationToken cancel = default)
    {
        var reading = Info.Options.Reading;
        if (reader is ICpuStateSource || reading.RecordByRecord)
        {
            return RunRecordByRecord(reader, progress, cancel);
        }

        long n = 0;
        if (reading.ReadAhead)
        {
            // Decoding and locating each block's slot run on the reading thread; everything else here. The reading thread
            // had the room: it waited about 1 s of 100 M records for free buffers, and the every-block capture's analysis
            // went from 4.43-4.81 s to 4.19-4.43 s.
            using var pipeline = new RecordColumnPipeline(reader, cancel, reading.ColumnCapacity,
                capacity => new LocatedColumns(capacity), run => _locator.LocateRun((LocatedColumns)run), reading.DecodeThreads);
            while (pipeline.Next() is { } run)
            {
                Add((LocatedColumns)run, reader.Statistics);
                n += run.Count;
                progress?.Invoke(n, run.BytesRead);
                cancel.ThrowIfCancellationRequested();
            }
        }
        else
        {
            var run = new LocatedColumns(reading.ColumnCapacity);
            while (RecordColumnReading.Fill(reader, run))
            {
                _locator.LocateRun(run);
                Add(run, reader.Statistics);
                n += run.Count;
                progress?.Invoke(n, run.BytesRead);
                cancel.ThrowIfCancellationRequested();
            }
        }

        EndColumns(reader.Statistics);
        return Finish();
    }

    /// <summary>Record by record, so that each register dump is handed over after the record it belongs to.</summary>
    private TraceStreamEnd RunRecordByRecord(ITraceReader reader, Action<long, long>? progress, CancellationToken cancel)
    {
        var record = default(TraceRecord);
        var records = new TimestampSpikeFilter(reader);
        long n = 0;
        var cpu = reader as ICpuStateSource;
        if (cpu is not null)
        {
            cpu.CollectCpuStates = true;
        }

        while (records.Read(ref record))
        {
            Add(record);

            // A register dump follows the record it belongs to. The spike filter reads one record ahead, so the reader
            // has just passed this record's dump on its way to the next record: hand it over now, after this record.
            if (cpu is not null && cpu.HasCpuState)
            {
                AddCpuStates(cpu);
            }

            if ((++n & 0xFFFF) == 0)
            {
                progress?.Invoke(n, reader.Statistics.BytesRead);
                cancel.ThrowIfCancellationRequested();
            }
        }

        if (cpu is not null && cpu.HasCpuState)
        {
            AddCpuStates(cpu);
        }

        return Finish();
    }

    /// <summary>
    /// Adds a run of records (in trace order, after the ones added before), repairing timestamp spikes as
    /// <see cref="TimestampSpikeFilter"/> does. The run's last record waits for its successor (the next run's first, or
    /// <see cref="EndColumns"/>).
    /// </summary>
    private void Add(LocatedColumns columns, TraceReadStatistics statistics)
    {
        int count = columns.Count;
        if (count == 0)
        {
            return;
        }

        _hasInstructions |= columns.HasInstructions;
        var times = columns.TimestampNs;
        var pcs = columns.Pc;
        var instructions = columns.Instructions;
        var arguments = columns.ArgumentCounts;
        var isBlock = columns.IsBlock;
        if (_held)
        {
            AddHeld(true, times[0], statistics);
        }

        var droppedAt = columns.DroppedAt;
        int dropped = 0;
        int nextDropped = droppedAt.Count > 0 ? droppedAt[0] : int.MaxValue;
        int last = count - 1;
        int i = 0;
        while (i < last)
        {
            if (_started && _hasPreviousTime && !_drops.Open && i < nextDropped)
            {
                // The common case, up to the next dropped-event record: the same steps with the stream's state in locals.
                int to = Math.Min(last, nextDropped);
                AddRun(columns, i, to, statistics);
                i = to;
                continue;
            }

            ulong time = times[i];
            if (TimestampSpikeFilter.IsSpike(_hasPreviousTime, _previousTime, time, true, times[i + 1], out ulong repaired))
            {
                time = repaired;
                statistics.CorruptTimestamps++;
            }

            _hasPreviousTime = true;
            _previousTime = time;
            if (isBlock[i])
            {
                AddBlock(time, pcs[i], instructions[i], arguments[i], columns.At(i));
            }
            else if (i == nextDropped)
            {
                var record = columns.DroppedRecords[dropped];
                record.TimestampNs = time;
                Add(record);
                dropped++;
                nextDropped = dropped < droppedAt.Count ? droppedAt[dropped] : int.MaxValue;
            }
            else
            {
                AddPlain(time, arguments[i]);
            }

            i++;
        }

        _held = true;
        _heldTime = times[last];
        _heldKind = isBlock[last] ? HeldKind.Block : last == nextDropped ? HeldKind.Dropped : HeldKind.Plain;
        if (_heldKind == HeldKind.Dropped)
        {
            _heldRecord = columns.DroppedRecords[dropped];
        }

        if (_heldKind == HeldKind.Block)
        {
            _heldSlot = columns.At(last);
        }

        _heldPc = pcs[last];
        _heldInstructions = instructions[last];
        _heldArguments = arguments[last];
    }

    /// <summary>
    /// Records <paramref name="from"/> to <paramref name="to"/> (exclusive; each has a successor in the run) once the
    /// clock has started, with no dropped-event record among them and no gap being followed: what
    /// <see cref="AddBlock"/> and <see cref="AddPlain"/> do record by record, with the stream's state in locals.
    /// </summary>
    /// <remarks>
    /// Its interval step repeats <see cref="Emit"/> on locals on purpose: the interval state as one struct shared by both
    /// was measured 3-6 % slower here (100 M records, one thread: 2.16-2.25 s against 2.08-2.12 s), the JIT keeping the
    /// struct in memory.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddRun(LocatedColumns columns, int from, int to, TraceReadStatistics statistics)
    {
        var times = columns.TimestampNs;
        var pcs = columns.Pc;
        var instructions = columns.Instructions;
        var isBlock = columns.IsBlock;
        var slots = columns.Slots;
        var functions = columns.Functions;
        var regions = columns.Regions;
        var flags = columns.Flags;
        var batch = _batch;
        int batched = _batched;
        ulong previous = _previousTime;
        ulong t0 = _t0;
        long lastTime = _lastTime;
        bool pending = _pending;
        long pendingTime = _pendingTime;
        int pendingSlot = _pendingSlot;
        var pendingRegion = _pendingRegion;
        bool spansDrop = _pendingSpansDrop;
        long blocks = 0;
        long instructionSum = 0;
        long attributed = 0;
        long negative = 0;
        long corrupt = 0;
        for (int i = from; i < to; i++)
        {
            ulong stamp = times[i];
            if (TimestampSpikeFilter.IsSpike(true, previous, stamp, true, times[i + 1], out ulong repaired))
            {
                stamp = repaired;
                corrupt++;
            }

            previous = stamp;
            long time = unchecked((long)(stamp - t0));
            lastTime = Math.Max(lastTime, time);
            if (!isBlock[i])
            {
                continue;
            }

            // Located on the reading thread (BlockLocator.LocateRun).
            ulong pc = pcs[i];
            int slot = slots[i];
            var region = regions[i];
            byte flag = flags[i];

            // Emit: close the previous block's interval and batch this block.
            blocks++;
            long count = instructions[i];
            instructionSum += count;
            long duration = 0;
            int previousSlot = -1;
            if (pending)
            {
                duration = time - pendingTime;
                if (duration < 0)
                {
                    negative++;
                    duration = 0;
                }

                attributed += duration;
                if (spansDrop)
                {
                    _dropIntervals++;
                    _dropNs += duration;
                }

                previousSlot = pendingSlot;
            }

            batch[batched++] = new TraceBlock(time, pc, count, slot, LocatedColumns.IsNewSlot(flag), functions[i], region,
                LocatedColumns.HasKernelStarted(flag), LocatedColumns.IsKernelStart(flag), previousSlot, pendingTime, duration,
                previousSlot >= 0 ? pendingRegion : default);
            if (batched == BatchSize)
            {
                _batched = batched;
                Flush();
                batched = 0;
            }

            pending = true;
            pendingTime = time;
            pendingSlot = slot;
            pendingRegion = region;
            spansDrop = false;
        }

        _batched = batched;
        _hasPreviousTime = true;
        _previousTime = previous;
        _records += to - from;
        _lastTime = lastTime;
        _pending = pending;
        _pendingTime = pendingTime;
        _pendingSlot = pendingSlot;
        _pendingRegion = pendingRegion;
        _pendingSpansDrop = spansDrop;
        _blocks += blocks;
        _instructions += instructionSum;
        _attributed += attributed;
        _negative += negative;
        statistics.CorruptTimestamps += corrupt;
    }

    /// <summary>Adds the last record of the last run (it has no successor).</summary>
    private void EndColumns(TraceReadStatistics statistics)
    {
        if (_held)
        {
            AddHeld(false, 0, statistics);
        }
    }

    private void AddHeld(bool hasNext, ulong next, TraceReadStatistics statistics)
    {
        _held = false;
        ulong time = _heldTime;
        if (TimestampSpikeFilter.IsSpike(_hasPreviousTime, _previousTime, time, hasNext, next, out ulong repaired))
        {
            time = repaired;
            statistics.CorruptTimestamps++;
        }

        _hasPreviousTime = true;
        _previousTime = time;
        switch (_heldKind)
        {
            case HeldKind.Block:
                AddBlock(time, _heldPc, _heldInstructions, _heldArguments, _heldSlot);
                break;
            case HeldKind.Dropped:
                _heldRecord.TimestampNs = time;
                Add(_heldRecord);
                break;
            default:
                AddPlain(time, _heldArguments);
                break;
        }
    }

    /// <summary>A record of the column path that is neither a block nor a dropped-event record: it only moves the clock.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddPlain(ulong timestampNs, int argumentCount)
    {
        FollowDrops(timestampNs, argumentCount);
        Advance(timestampNs);
    }

    /// <summary>A block record of the column path: what <see cref="Add(in TraceRecord)"/> does for one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddBlock(ulong timestampNs, ulong pc, long instructions, int argumentCount, in BlockSlot at)
    {
        FollowDrops(timestampNs, argumentCount);
        Emit(Advance(timestampNs), pc, instructions, at);
    }

    /// <summary>Counts a record and moves the clock to it; its time since the trace's first record.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long Advance(ulong timestampNs)
    {
        _records++;
        if (!_started)
        {
            _started = true;
            _t0 = timestampNs;
        }

        long time = unchecked((long)(timestampNs - _t0));
        _lastTime = Math.Max(_lastTime, time);
        return time;
    }

    /// <summary>Hands the register dumps that followed the last record to every pass, after the blocks before them.</summary>
    public void AddCpuStates(ICpuStateSource source)
    {
        Flush();
        while (source.TryTakeCpuState(out var state))
        {
            foreach (var pass in _passes)
            {
                pass.CpuState(state);
            }
        }
    }

    /// <summary>Adds one record (in trace order).</summary>
    public void Add(in TraceRecord record)
    {
        var info = _events[record.EventIndex];
        bool isBlock = RecordColumns.TryBlock(info, record, out ulong pc, out long instructions, out bool hasInstructions);
        _hasInstructions |= hasInstructions;
        if (info.Kind == TraceEventKind.Dropped)
        {
            long at = _started ? unchecked((long)(record.TimestampNs - _t0)) : 0;
            _drops.Dropped(at, record.ArgumentCount > 0 ? record.Arguments[0] : 0, record.Position);
        }
        else
        {
            FollowDrops(record.TimestampNs, record.ArgumentCount);
        }

        long time = Advance(record.TimestampNs);
        if (isBlock)
        {
            Emit(time, pc, instructions, _locator.Locate(pc));
        }
    }

    /// <summary>After a <c>Dropped_Event</c> record, follows its buffered records to the gap where the events were lost.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void FollowDrops(ulong timestampNs, int argumentCount)
    {
        if (_drops.Open)
        {
            FollowOpenDrop(timestampNs, argumentCount);
        }
    }

    private void FollowOpenDrop(ulong timestampNs, int argumentCount)
    {
        long time = _started ? unchecked((long)(timestampNs - _t0)) : 0;
        if (_drops.Next(time, argumentCount))
        {
            // The interval open now (from the last block record to the next) contains the loss.
            _pendingSpansDrop = _pending;
        }
    }

    /// <summary>Closes the previous block's interval and hands the block to the passes' batch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Emit(long time, ulong pc, long instructions, in BlockSlot at)
    {
        _blocks++;
        _instructions += instructions;
        long duration = 0;
        int previousSlot = -1;
        if (_pending)
        {
            duration = time - _pendingTime;
            if (duration < 0)
            {
                _negative++;
                duration = 0;
            }

            _attributed += duration;
            if (_pendingSpansDrop)
            {
                _dropIntervals++;
                _dropNs += duration;
            }

            previousSlot = _pendingSlot;
        }

        _batch[_batched++] = new TraceBlock(time, pc, instructions, at.Slot, at.IsNew, at.Function, at.Region, at.KernelStarted,
            at.StartsKernel, previousSlot, _pendingTime, duration, previousSlot >= 0 ? _pendingRegion : default);
        if (_batched == BatchSize)
        {
            Flush();
        }

        _pending = true;
        _pendingTime = time;
        _pendingSlot = at.Slot;
        _pendingRegion = at.Region;
        _pendingSpansDrop = false;
    }

    private void Flush()
    {
        if (_batched == 0)
        {
            return;
        }

        var blocks = new ReadOnlySpan<TraceBlock>(_batch, 0, _batched);
        foreach (var pass in _passes)
        {
            pass.Blocks(blocks);
        }

        _batched = 0;
    }

    /// <summary>Hands over the last blocks and finishes every pass (the final block owns no time).</summary>
    public TraceStreamEnd Finish()
    {
        Flush();
        _drops.Finish();
        var end = new TraceStreamEnd(_records, _blocks, _lastTime, _attributed, _locator.Count, _started, _hasInstructions ? _instructions : null);
        foreach (var pass in _passes)
        {
            pass.Finish(end);
        }

        return end;
    }
}
