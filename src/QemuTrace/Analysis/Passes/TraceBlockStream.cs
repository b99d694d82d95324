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

    private readonly IPcSymbolizer _symbols;
    private readonly TraceEventTable _events;
    private readonly ITracePass[] _passes;
    private readonly PcTable _table = new();
    private const int RecentSize = 4096;
    private readonly RecentKey[] _recent = new RecentKey[RecentSize];
    private readonly TraceBlock[] _batch = new TraceBlock[BatchSize];
    private readonly DroppedEventLocator _drops = new();
    private int _batched;
    private SlotIdentity[] _identity = new SlotIdentity[4096];

    private bool _started;
    private ulong _t0;
    private long _lastTime;
    private bool _kernelStarted;
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

    /// <summary>A slot's function (symbol id, or -1 - region) and region, side by side: one cache line per block.</summary>
    private readonly record struct SlotIdentity(int Function, AddressRegion Region);

    /// <summary>Where a block landed: its slot and identity, and the kernel-start state after it.</summary>
    private readonly record struct BlockSlot(int Slot, int Function, AddressRegion Region, bool IsNew, bool KernelStarted, bool StartsKernel);

    /// <summary>A recent key with its slot and identity: a hit needs nothing else (16 bytes, four to a cache line).</summary>
    private struct RecentKey
    {
        public ulong Key;

        /// <summary>The slot + 1 in the low 24 bits (0: empty), the region in the high 8.</summary>
        public uint SlotAndRegion;

        public int Function;
    }

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
        _symbols = symbols;
        _passes = passes.ToArray();
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
            // Decoding runs on the reading thread; everything else here. Locating slots on the reading thread too was
            // measured slower (2.2-2.6 s against 2.1-2.2 s on 100 M records): decoding is the longer half already.
            using var pipeline = new RecordColumnPipeline(reader, cancel, reading.ColumnCapacity);
            while (pipeline.Next() is { } run)
            {
                Add(run, reader.Statistics);
                n += run.Count;
                progress?.Invoke(n, run.BytesRead);
                cancel.ThrowIfCancellationRequested();
            }
        }
        else
        {
            var run = new RecordColumns(reading.ColumnCapacity);
            while (RecordColumnReading.Fill(reader, run))
            {
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
    private void Add(RecordColumns columns, TraceReadStatistics statistics)
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
                AddBlock(time, pcs[i], instructions[i], arguments[i]);
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

        _heldPc = pcs[last];
        _heldInstructions = instructions[last];
        _heldArguments = arguments[last];
    }

    /// <summary>
    /// Records <paramref name="from"/> to <paramref name="to"/> (exclusive; each has a successor in the run) once the
    /// clock has started, with no dropped-event record among them and no gap being followed: what
    /// <see cref="AddBlock"/> and <see cref="AddPlain"/> do record by record, with the stream's state in locals.
    /// </summary>
    private void AddRun(RecordColumns columns, int from, int to, TraceReadStatistics statistics)
    {
        var times = columns.TimestampNs;
        var pcs = columns.Pc;
        var instructions = columns.Instructions;
        var isBlock = columns.IsBlock;
        var recent = _recent;
        var batch = _batch;
        int batched = _batched;
        ulong previous = _previousTime;
        ulong t0 = _t0;
        long lastTime = _lastTime;
        bool kernelStarted = _kernelStarted;
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

            // Locate: the slot and identity of the block's key, from the recent keys or the table.
            ulong pc = pcs[i];
            bool startsKernel = !kernelStarted && pc >= BootRegions.KernelTextStart;
            kernelStarted |= startsKernel;
            ulong key = BootRegions.PhaseKey(pc, kernelStarted);
            ref var cached = ref recent[(int)(key ^ (key >> 13)) & (RecentSize - 1)];
            uint slotAndRegion = cached.SlotAndRegion;
            int slot;
            int function;
            AddressRegion region;
            bool isNew = false;
            if (cached.Key == key && (slotAndRegion & CachedSlotMask) != 0)
            {
                slot = (int)(slotAndRegion & CachedSlotMask) - 1;
                function = cached.Function;
                region = (AddressRegion)(slotAndRegion >> 24);
            }
            else
            {
                _kernelStarted = kernelStarted;
                var at = LocateInTable(ref cached, key, pc, startsKernel);
                (slot, function, region, isNew) = (at.Slot, at.Function, at.Region, at.IsNew);
            }

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

            batch[batched++] = new TraceBlock(time, pc, count, slot, isNew, function, region, kernelStarted,
                startsKernel, previousSlot, pendingTime, duration, previousSlot >= 0 ? pendingRegion : default);
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
        _kernelStarted = kernelStarted;
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
                AddBlock(time, _heldPc, _heldInstructions, _heldArguments);
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
    private void AddBlock(ulong timestampNs, ulong pc, long instructions, int argumentCount)
    {
        FollowDrops(timestampNs, argumentCount);
        Block(Advance(timestampNs), pc, instructions);
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
            Block(time, pc, instructions);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Block(long time, ulong pc, long instructions) => Emit(time, pc, instructions, Locate(pc));

    /// <summary>The block's slot and identity (and the kernel-start state after it): depends only on the order of block PCs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private BlockSlot Locate(ulong pc)
    {
        bool kernelStartsHere = !_kernelStarted && pc >= BootRegions.KernelTextStart;
        _kernelStarted |= kernelStartsHere;
        ulong key = BootRegions.PhaseKey(pc, _kernelStarted);

        // A direct-mapped cache of recent keys and their identities in front of the hash table: code runs in loops,
        // so most blocks hit it.
        ref var cached = ref _recent[(int)(key ^ (key >> 13)) & (RecentSize - 1)];
        uint slotAndRegion = cached.SlotAndRegion;
        if (cached.Key == key && (slotAndRegion & CachedSlotMask) != 0)
        {
            return new BlockSlot((int)(slotAndRegion & CachedSlotMask) - 1, cached.Function, (AddressRegion)(slotAndRegion >> 24),
                false, _kernelStarted, kernelStartsHere);
        }

        return LocateInTable(ref cached, key, pc, kernelStartsHere);
    }

    /// <summary>Slot numbers up to this fit in a <see cref="RecentKey"/>; beyond it (16 M distinct PCs) blocks take the table.</summary>
    private const uint CachedSlotMask = (1 << 24) - 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private BlockSlot LocateInTable(ref RecentKey cached, ulong key, ulong pc, bool kernelStartsHere)
    {
        int slot = _table.GetOrAdd(key, out bool added);
        if (added)
        {
            NewSlot(slot, pc);
        }

        var identity = _identity[slot];
        if ((uint)slot < CachedSlotMask)
        {
            cached.Key = key;
            cached.SlotAndRegion = (uint)(slot + 1) | ((uint)identity.Region << 24);
            cached.Function = identity.Function;
        }

        return new BlockSlot(slot, identity.Function, identity.Region, added, _kernelStarted, kernelStartsHere);
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

    private void NewSlot(int slot, ulong pc)
    {
        if (slot >= _identity.Length)
        {
            Array.Resize(ref _identity, _identity.Length * 2);
        }

        var (function, region) = BootPcNamer.Identify(_symbols, pc, _kernelStarted);

        // Functions are symbol ids >= 0, or -1 - region for a region's pseudo-function.
        _identity[slot] = new SlotIdentity(function >= 0 ? function : TraceStreamInfo.PseudoFunctionOf(region), region);
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
        var end = new TraceStreamEnd(_records, _blocks, _lastTime, _attributed, _table.Count, _started, _hasInstructions ? _instructions : null);
        foreach (var pass in _passes)
        {
            pass.Finish(end);
        }

        return end;
    }
}
