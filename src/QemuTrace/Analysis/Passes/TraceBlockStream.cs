using System.Runtime.CompilerServices;
using QemuTrace.Formats;
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
    private readonly TraceBlock[] _batch = new TraceBlock[BatchSize];
    private readonly DroppedEventLocator _drops = new();
    private int _batched;
    private int[] _pcArgument = [];
    private int[] _instructionsArgument = [];
    private int[] _function = new int[4096];
    private AddressRegion[] _region = new AddressRegion[4096];

    private bool _started;
    private ulong _t0;
    private long _lastTime;
    private bool _kernelStarted;
    private bool _pending;
    private long _pendingTime;
    private int _pendingSlot = -1;
    private bool _pendingSpansDrop;
    private long _records;
    private long _blocks;
    private long _attributed;
    private long _dropIntervals;
    private long _dropNs;
    private long _negative;
    private long _instructions;
    private bool _hasInstructions;

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
        var kind = _events.Kinds[record.EventIndex];
        ulong pc = 0;
        long instructions = 0;
        if (kind is TraceEventKind.ExecTb or TraceEventKind.ExecTbNocache)
        {
            int pcArgument = PcArgument(record.EventIndex);
            if (pcArgument < 0 || pcArgument >= record.ArgumentCount)
            {
                kind = TraceEventKind.Other;
            }
            else
            {
                pc = record.Arguments[pcArgument];
                int instructionsArgument = _instructionsArgument[record.EventIndex];
                if (instructionsArgument >= 0 && instructionsArgument < record.ArgumentCount)
                {
                    instructions = (long)record.Arguments[instructionsArgument];
                    _hasInstructions = true;
                }
            }
        }

        if (kind == TraceEventKind.Dropped || _drops.Open)
        {
            Drop(record, kind);
        }

        _records++;
        if (!_started)
        {
            _started = true;
            _t0 = record.TimestampNs;
        }

        long time = unchecked((long)(record.TimestampNs - _t0));
        _lastTime = Math.Max(_lastTime, time);
        if (kind is TraceEventKind.ExecTb or TraceEventKind.ExecTbNocache)
        {
            Block(time, pc, instructions);
        }
    }

    /// <summary>Follows a <c>Dropped_Event</c> record's buffered records to the gap where the events were lost.</summary>
    private void Drop(in TraceRecord record, TraceEventKind kind)
    {
        long time = _started ? unchecked((long)(record.TimestampNs - _t0)) : 0;
        if (kind == TraceEventKind.Dropped)
        {
            _drops.Dropped(time, record.ArgumentCount > 0 ? record.Arguments[0] : 0, record.Position);
        }
        else if (_drops.Next(time, record.ArgumentCount))
        {
            // The interval open now (from the last block record to the next) contains the loss.
            _pendingSpansDrop = _pending;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int PcArgument(int eventIndex)
    {
        if (eventIndex >= _pcArgument.Length)
        {
            _pcArgument = Enumerable.Range(0, _events.Count).Select(i => _events[i].PcArgument).ToArray();
            _instructionsArgument = Enumerable.Range(0, _events.Count).Select(i => _events[i].InstructionsArgument).ToArray();
        }

        return _pcArgument[eventIndex];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Block(long time, ulong pc, long instructions)
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

        bool kernelStartsHere = !_kernelStarted && pc >= BootRegions.KernelTextStart;
        _kernelStarted |= kernelStartsHere;
        ulong key = BootRegions.PhaseKey(pc, _kernelStarted);
        int slot = _table.GetOrAdd(key, out bool added);
        if (added)
        {
            NewSlot(slot, pc);
        }

        _batch[_batched++] = new TraceBlock(time, pc, instructions, slot, added, _function[slot], _region[slot], _kernelStarted,
            kernelStartsHere, previousSlot, _pendingTime, duration, previousSlot >= 0 ? _region[previousSlot] : default);
        if (_batched == BatchSize)
        {
            Flush();
        }

        _pending = true;
        _pendingTime = time;
        _pendingSlot = slot;
        _pendingSpansDrop = false;
    }

    private void NewSlot(int slot, ulong pc)
    {
        if (slot >= _function.Length)
        {
            Array.Resize(ref _function, _function.Length * 2);
            Array.Resize(ref _region, _region.Length * 2);
        }

        var (function, region) = BootPcNamer.Identify(_symbols, pc, _kernelStarted);

        // Functions are symbol ids >= 0, or -1 - region for a region's pseudo-function.
        _function[slot] = function >= 0 ? function : TraceStreamInfo.PseudoFunctionOf(region);
        _region[slot] = region;
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
