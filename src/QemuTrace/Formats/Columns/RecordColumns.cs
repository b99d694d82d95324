using System.Runtime.CompilerServices;

namespace QemuTrace.Formats.Columns;

/// <summary>
/// A run of consecutive trace records as columns: the analyses' hot path. Every record has its timestamp, event and
/// argument count; block records (<c>exec_tb</c> with its PC, or an every-block capture's blocks) also their PC and
/// instructions. Dropped-event records, whose count and position matter, are also kept whole
/// (<see cref="DroppedRecords"/> at <see cref="DroppedAt"/>). A consumer sees every record in trace order without a
/// struct copy per record. Readers fill it (<see cref="IRecordColumnReader"/>, or <see cref="RecordColumnReading.Fill"/>
/// for any reader).
/// </summary>
public class RecordColumns
{
    private readonly ulong[] _timestamps;
    private readonly ulong[] _pcs;
    private readonly long[] _instructions;
    private readonly byte[] _argumentCounts;
    private readonly int[] _events;
    private readonly bool[] _isBlock;
    private readonly List<int> _droppedAt = [];
    private readonly List<TraceRecord> _dropped = [];

    /// <summary>Columns for up to <paramref name="capacity"/> records.</summary>
    public RecordColumns(int capacity = 16384)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _timestamps = new ulong[capacity];
        _pcs = new ulong[capacity];
        _instructions = new long[capacity];
        _argumentCounts = new byte[capacity];
        _events = new int[capacity];
        _isBlock = new bool[capacity];
    }

    /// <summary>Most records the columns hold.</summary>
    public int Capacity { get; }

    /// <summary>Records held.</summary>
    public int Count { get; private set; }

    /// <summary>True when no more records fit.</summary>
    public bool IsFull => Count == Capacity;

    /// <summary>True when a block record carried an instruction count (every-block captures).</summary>
    public bool HasInstructions { get; internal set; }

    /// <summary>Input consumed when the last record was read (bytes of the decompressed input).</summary>
    public long BytesRead { get; internal set; }

    /// <summary>Absolute timestamps (ns as recorded) of every record.</summary>
    public ReadOnlySpan<ulong> TimestampNs => _timestamps.AsSpan(0, Count);

    /// <summary>Guest PC of each block record; 0 for other records.</summary>
    public ReadOnlySpan<ulong> Pc => _pcs.AsSpan(0, Count);

    /// <summary>Guest instructions of each block record, 0 when the trace does not say.</summary>
    public ReadOnlySpan<long> Instructions => _instructions.AsSpan(0, Count);

    /// <summary>Arguments each record carried (what a dropped-event gap is measured in).</summary>
    public ReadOnlySpan<byte> ArgumentCounts => _argumentCounts.AsSpan(0, Count);

    /// <summary>Each record's event (index into the reader's <see cref="TraceEventTable"/>).</summary>
    public ReadOnlySpan<int> EventIndex => _events.AsSpan(0, Count);

    /// <summary>True for block records (<see cref="TryBlock"/>).</summary>
    public ReadOnlySpan<bool> IsBlock => _isBlock.AsSpan(0, Count);

    /// <summary>Positions (ascending) of the dropped-event records.</summary>
    public IReadOnlyList<int> DroppedAt => _droppedAt;

    /// <summary>The dropped-event records, whole, in the order of <see cref="DroppedAt"/>.</summary>
    public IReadOnlyList<TraceRecord> DroppedRecords => _dropped;

    /// <summary>Empties the columns for the next run of records.</summary>
    public void Clear()
    {
        Count = 0;
        HasInstructions = false;
        _droppedAt.Clear();
        _dropped.Clear();
    }

    /// <summary>Appends a block record; the caller checked <see cref="IsFull"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void AddBlock(int eventIndex, ulong timestampNs, ulong pc, long instructions, int argumentCount)
    {
        int i = Count++;
        _timestamps[i] = timestampNs;
        _pcs[i] = pc;
        _instructions[i] = instructions;
        _argumentCounts[i] = (byte)argumentCount;
        _events[i] = eventIndex;
        _isBlock[i] = true;
    }

    /// <summary>
    /// Block records written straight into the storage by a reader's hot loop: <paramref name="count"/> records from
    /// <see cref="Count"/> on hold their time, PC and instructions in <see cref="Storage"/>; this fills in the rest
    /// (event, argument count, block flag) and counts them.
    /// </summary>
    internal void CommitBlocks(int count, int eventIndex, int argumentCount)
    {
        _events.AsSpan(Count, count).Fill(eventIndex);
        _argumentCounts.AsSpan(Count, count).Fill((byte)argumentCount);
        _isBlock.AsSpan(Count, count).Fill(true);
        Count += count;
    }

    /// <summary>Every column's array (length <see cref="Capacity"/>), for a reader's hot loop that writes whole records (<see cref="Commit"/>).</summary>
    internal (ulong[] Timestamps, ulong[] Pcs, long[] Instructions, byte[] ArgumentCounts, int[] Events, bool[] IsBlock) Arrays =>
        (_timestamps, _pcs, _instructions, _argumentCounts, _events, _isBlock);

    /// <summary>Counts <paramref name="count"/> records a reader's hot loop wrote whole from <see cref="Count"/> on (<see cref="Arrays"/>).</summary>
    internal void Commit(int count) => Count += count;

    /// <summary>The time, PC and instruction arrays (length <see cref="Capacity"/>), for a reader's hot loop (<see cref="CommitBlocks"/>).</summary>
    internal (ulong[] Timestamps, ulong[] Pcs, long[] Instructions) Storage => (_timestamps, _pcs, _instructions);

    /// <summary>Appends a record that is neither a block nor a dropped-event record; the caller checked <see cref="IsFull"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void AddPlain(int eventIndex, ulong timestampNs, int argumentCount)
    {
        int i = Count++;
        _timestamps[i] = timestampNs;
        _pcs[i] = 0;
        _instructions[i] = 0;
        _argumentCounts[i] = (byte)argumentCount;
        _events[i] = eventIndex;
        _isBlock[i] = false;
    }

    /// <summary>Appends a record, as a block record when it is one (<see cref="TryBlock"/>), kept whole when it is a dropped-event record.</summary>
    internal void Add(TraceEventInfo info, in TraceRecord record)
    {
        if (TryBlock(info, record, out ulong pc, out long instructions, out bool hasInstructions))
        {
            HasInstructions |= hasInstructions;
            AddBlock(record.EventIndex, record.TimestampNs, pc, instructions, record.ArgumentCount);
            return;
        }

        if (info.Kind == TraceEventKind.Dropped)
        {
            _droppedAt.Add(Count);
            _dropped.Add(record);
        }

        AddPlain(record.EventIndex, record.TimestampNs, record.ArgumentCount);
    }

    /// <summary>
    /// The one rule for a block record: an <c>exec_tb</c> or <c>exec_tb_nocache</c> record that carries its PC
    /// argument. Its instruction count is the <c>insns</c> argument when the event has one.
    /// </summary>
    public static bool TryBlock(TraceEventInfo info, in TraceRecord record, out ulong pc, out long instructions, out bool hasInstructions)
    {
        pc = 0;
        instructions = 0;
        hasInstructions = false;
        if (info.Kind is not (TraceEventKind.ExecTb or TraceEventKind.ExecTbNocache) || info.PcArgument < 0 || info.PcArgument >= record.ArgumentCount)
        {
            return false;
        }

        pc = record.Arguments[info.PcArgument];
        if (info.InstructionsArgument >= 0 && info.InstructionsArgument < record.ArgumentCount)
        {
            instructions = (long)record.Arguments[info.InstructionsArgument];
            hasInstructions = true;
        }

        return true;
    }
}
