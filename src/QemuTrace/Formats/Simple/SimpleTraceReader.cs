using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using QemuTrace.Formats.Columns;
using static QemuTrace.Formats.Simple.SimpleTraceLayout;

namespace QemuTrace.Formats.Simple;

/// <summary>
/// Streams records out of a simple-backend binary trace (log versions 0, 2, 3 and 4) over a pooled buffer.
/// Records are framed by their length field and their arguments decoded with the trace-events declarations;
/// a disagreement between the two is an error rather than a silent resynchronisation.
/// </summary>
public sealed class SimpleTraceReader : ITraceReader, IRecordColumnReader
{
    private const int BufferSize = 1 << 20;
    private const int DirectIdLimit = 1 << 16;

    private readonly Stream _stream;
    private readonly TraceEventsFile? _explicitEvents;
    private readonly TraceEventsFile _declarations;
    private byte[] _buffer;
    private int _pos;
    private int _end;
    private long _bufferOffset;
    private bool _eof;
    private readonly int[] _idToIndex = new int[DirectIdLimit];
    private readonly Dictionary<ulong, int> _largeIds = [];
    private int[] _fixedLength = new int[16];
    // Per event index, how the column path reads its records (RunEvent; empty for records the general path must read).
    private RunEvent[] _runEvents = new RunEvent[16];
    private readonly StringArena _strings = new();
    private ulong _previousTimestamp;
    private bool _any;
    private readonly int _droppedIndex;
    private Action<RecordColumns>? _readBlockRun;

    /// <summary>Opens a reader over <paramref name="stream"/> and validates the file header.</summary>
    /// <param name="stream">The (decompressed) trace bytes; owned by the reader.</param>
    /// <param name="source">Name used in messages.</param>
    /// <param name="events">The QEMU build's trace-events file; required for log versions 2 and 3.</param>
    public SimpleTraceReader(Stream stream, string source, TraceEventsFile? events)
    {
        _stream = stream;
        Source = source;
        _explicitEvents = events;
        _declarations = events ?? TraceEventsFile.BuiltIn;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        Array.Fill(_idToIndex, -1);
        _droppedIndex = Events.GetOrAdd(TraceEventDeclaration.DroppedEvent.Name, TraceEventDeclaration.DroppedEvent);
        SetFixedLength(_droppedIndex);
        LogVersion = ReadFileHeader();
        if (LogVersion is 0 or 2 or 3)
        {
            if (events is null)
            {
                throw new TraceFormatException(source, null,
                    $"a log version {LogVersion} trace identifies events by their position in the QEMU build's trace-events-all, and no trace-events file was given: pass that file with --events");
            }

            for (int id = 0; id < events.Events.Count; id++)
            {
                var index = Events.GetOrAdd(events.Events[id].Name, events.Events[id]);
                SetFixedLength(index);
                MapId((ulong)id, index);
            }
        }
    }

    /// <inheritdoc />
    public string Source { get; }

    /// <inheritdoc />
    public TraceFormat Format => TraceFormat.Simple;

    /// <inheritdoc />
    public int? LogVersion { get; }

    /// <inheritdoc />
    public bool HasTimestamps => true;

    /// <inheritdoc />
    public TraceEventTable Events { get; } = new();

    /// <inheritdoc />
    public TraceReadStatistics Statistics { get; } = new();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Read(ref TraceRecord record)
    {
        while (true)
        {
            int recordStart = _pos;
            int headerAt;
            if (LogVersion == 4)
            {
                if (!Ensure(RecordTypeSize + RecordHeaderSize))
                {
                    if (_end - _pos >= RecordTypeSize && ReadU64(_pos) == RecordTypeMapping)
                    {
                        if (!TryReadMapping())
                        {
                            return false;
                        }

                        continue;
                    }

                    return EndOfInput();
                }

                ulong type = ReadU64(_pos);
                if (type == RecordTypeMapping)
                {
                    if (!TryReadMapping())
                    {
                        return false;
                    }

                    continue;
                }

                if (type != RecordTypeEvent)
                {
                    throw Error(_pos, $"unknown record type {type} (a log version 4 trace has only 0 = mapping and 1 = event); the file is damaged or not a QEMU simple trace");
                }

                headerAt = _pos + RecordTypeSize;
            }
            else if (LogVersion == 0)
            {
                return ReadVersion0(ref record);
            }
            else
            {
                if (!Ensure(RecordHeaderSize))
                {
                    return EndOfInput();
                }

                headerAt = _pos;
            }

            uint length = ReadU32(headerAt + LengthOffset);
            if (length < RecordHeaderSize || length > MaxRecordLength)
            {
                throw Error(recordStart, $"record length {length} is impossible (a record is 24 bytes of header plus its arguments); the file is damaged or not a QEMU simple trace");
            }

            int total = headerAt - _pos + (int)length;
            if (!Ensure(total))
            {
                RefuseCorruptLengthAtEnd(length);
                return EndOfInput();
            }

            // Ensure may have moved the buffer contents: recompute positions relative to _pos.
            recordStart = _pos;
            headerAt = _pos + (LogVersion == 4 ? RecordTypeSize : 0);
            ulong id = ReadU64(headerAt);
            int index = ResolveEvent(id, recordStart);
            record.EventIndex = index;
            record.TimestampNs = ReadU64(headerAt + TimestampOffset);
            record.Pid = ReadU32(headerAt + PidOffset);
            record.Position = _bufferOffset + recordStart;
            DecodeArguments(ref record, index, headerAt + RecordHeaderSize, (int)length - RecordHeaderSize, recordStart);
            _pos += total;
            Account(ref record, index);
            return true;
        }
    }

    /// <inheritdoc />
    public bool ReadColumns(RecordColumns columns) => RecordColumnReading.ReadWithRuns(this, columns, _readBlockRun ??= ReadBlockRun);

    /// <summary>
    /// The hot path: consecutive fixed-size integer records (exec_tb, exec_tb_exit...) that lie whole in the buffer,
    /// straight into the columns.
    /// Stops, without consuming it, at the first record that is anything else; <see cref="Read"/> then takes it.
    /// </summary>
    private void ReadBlockRun(RecordColumns columns)
    {
        if (LogVersion == 0 || columns.IsFull)
        {
            // Version 0 records are fixed 64-byte slots with their own rules: Read takes them.
            return;
        }

        var perEvent = Statistics.RecordsPerEvent;
        var (timestamps, pcs, instructions, argumentCounts, events, isBlock) = columns.Arrays;
        var run = new RecordRun
        {
            Position = _pos,
            End = _end,
            TypeSize = LogVersion == 4 ? RecordTypeSize : 0,
            Events = Math.Min(perEvent.Length, _runEvents.Length),
            Count = columns.Count,
            Stop = columns.Capacity,
            Previous = _any ? _previousTimestamp : 0,
        };
        if (timestamps.Length < run.Stop || pcs.Length < run.Stop || instructions.Length < run.Stop
            || argumentCounts.Length < run.Stop || events.Length < run.Stop || isBlock.Length < run.Stop)
        {
            throw new InvalidOperationException("the columns' arrays are shorter than their capacity");
        }

        int first = columns.Count;
        ReadRecords(ref run, ref MemoryMarshal.GetArrayDataReference(_buffer), ref MemoryMarshal.GetArrayDataReference(_idToIndex),
            ref MemoryMarshal.GetArrayDataReference(_runEvents), ref MemoryMarshal.GetArrayDataReference(perEvent),
            ref MemoryMarshal.GetArrayDataReference(timestamps), ref MemoryMarshal.GetArrayDataReference(pcs),
            ref MemoryMarshal.GetArrayDataReference(instructions), ref MemoryMarshal.GetArrayDataReference(argumentCounts),
            ref MemoryMarshal.GetArrayDataReference(events), ref MemoryMarshal.GetArrayDataReference(isBlock));
        int n = (int)run.Count - first;
        if (n == 0)
        {
            return;
        }

        columns.Commit(n);
        columns.HasInstructions |= run.HasInstructions;
        _pos = (int)run.Position;
        _any = true;
        _previousTimestamp = run.Previous;
        Statistics.OutOfOrder += run.OutOfOrder;
        Statistics.Records += n;
    }

    /// <summary>
    /// The records of <see cref="ReadBlockRun"/>: from <see cref="RecordRun.Position"/> while whole records lie before
    /// <see cref="RecordRun.End"/> and the columns have room, each a fixed-size integer record of a declared event
    /// (<see cref="RunEvent"/>) whose length field says so. Everything it touches is a local or a reference passed in,
    /// so no check or load repeats per record beyond the record's own.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void ReadRecords(
        ref RecordRun run, ref byte data, ref int idToIndex, ref RunEvent runEvents, ref long perEvent,
        ref ulong timestamps, ref ulong pcs, ref long instructions, ref byte argumentCounts, ref int events, ref bool isBlock)
    {
        nint pos = run.Position;
        nint end = run.End;
        nint typeSize = run.TypeSize;
        uint eventCount = (uint)run.Events;
        nint k = run.Count;
        nint stop = run.Stop;
        ulong previous = run.Previous;
        long outOfOrder = 0;
        bool hasInstructions = false;
        while (k < stop && end - pos >= typeSize + RecordHeaderSize)
        {
            if (typeSize != 0 && Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref data, pos)) != RecordTypeEvent)
            {
                break;
            }

            nint header = pos + typeSize;
            ulong id = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref data, header));
            if (id >= DirectIdLimit)
            {
                break;
            }

            int index = Unsafe.Add(ref idToIndex, (nint)id);
            if ((uint)index >= eventCount)
            {
                break;
            }

            var kind = Unsafe.Add(ref runEvents, index);
            if (kind.Length == 0 || Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref data, header + LengthOffset)) != (uint)kind.Length
                || end - pos < typeSize + kind.Length)
            {
                break;
            }

            ulong time = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref data, header + TimestampOffset));
            nint arguments = header + RecordHeaderSize;
            ulong pc = 0;
            long count = 0;
            if (kind.PcOffset >= 0)
            {
                pc = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref data, arguments + kind.PcOffset));
                if (kind.InstructionsOffset >= 0)
                {
                    count = (long)Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref data, arguments + kind.InstructionsOffset));
                    hasInstructions = true;
                }
            }

            Unsafe.Add(ref timestamps, k) = time;
            Unsafe.Add(ref pcs, k) = pc;
            Unsafe.Add(ref instructions, k) = count;
            Unsafe.Add(ref argumentCounts, k) = kind.Arguments;
            Unsafe.Add(ref events, k) = index;
            Unsafe.Add(ref isBlock, k) = kind.PcOffset >= 0;
            outOfOrder += time < previous ? 1 : 0;
            previous = time;
            Unsafe.Add(ref perEvent, index)++;
            k++;
            pos += typeSize + kind.Length;
        }

        run.Position = pos;
        run.Count = k;
        run.Previous = previous;
        run.OutOfOrder = outOfOrder;
        run.HasInstructions = hasInstructions;
    }

    /// <summary>Where <see cref="ReadRecords"/> starts and stops, and what it found.</summary>
    private struct RecordRun
    {
        public nint Position;
        public nint End;
        public nint TypeSize;
        public int Events;
        public nint Count;
        public nint Stop;

        /// <summary>The timestamp before the run's first record (0 before any record: nothing is earlier).</summary>
        public ulong Previous;
        public long OutOfOrder;
        public bool HasInstructions;
    }

    /// <summary>
    /// An event as the column path reads it: its whole record's length (header and fixed-size arguments; 0 when
    /// <see cref="Read"/> must take its records: strings, undeclared, dropped), the byte offsets of a block event's PC
    /// and instructions among its arguments (-1: not a block event, no instruction count) and its argument count.
    /// </summary>
    private readonly record struct RunEvent(int Length, int PcOffset, int InstructionsOffset, byte Arguments);

    /// <inheritdoc />
    public ReadOnlySpan<byte> GetString(in TraceRecord record, int argument) => _strings.Get(record.Arguments[argument]);

    /// <inheritdoc />
    public void Dispose()
    {
        _stream.Dispose();
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private int ReadFileHeader()
    {
        if (!Ensure(FileHeaderSize))
        {
            throw new TraceFormatException(Source, TraceLocation.Byte(0),
                $"the file has {_end} bytes, fewer than the 24-byte simple trace header; it is not a QEMU simple trace (or it is empty)");
        }

        ulong headerId = ReadU64(0);
        ulong magic = ReadU64(8);
        ulong version = ReadU64(16);
        if (headerId != HeaderEventId)
        {
            throw Error(0, $"expected the simple trace header id 0xffffffffffffffff, found 0x{headerId:x}; this is not a QEMU simple-backend trace");
        }

        if (magic == MagicSwapped)
        {
            throw Error(8, "the magic is byte-swapped: this trace was written by a big-endian host, which QemuTrace does not read; decode it on a host of the same byte order");
        }

        if (magic != Magic)
        {
            throw Error(8, $"expected the simple trace magic 0xf2b177cb0aa429b4, found 0x{magic:x}; this is not a QEMU simple-backend trace");
        }

        if (version is not (0 or 2 or 3 or 4))
        {
            throw Error(16, $"unsupported log version {version} (QemuTrace reads 0, 2, 3 and 4); a newer QEMU may have changed the format");
        }

        _pos = FileHeaderSize;
        return (int)version;
    }

    private bool TryReadMapping()
    {
        int start = _pos;
        if (!Ensure(RecordTypeSize + MappingHeaderSize))
        {
            return EndOfInput();
        }

        uint nameLength = ReadU32(_pos + RecordTypeSize + 8);
        if (nameLength == 0 || nameLength > 4096)
        {
            throw Error(start, $"mapping record with a name of {nameLength} bytes (expected 1..4096); the file is damaged or not a QEMU simple trace");
        }

        int total = RecordTypeSize + MappingHeaderSize + (int)nameLength;
        if (!Ensure(total))
        {
            return EndOfInput();
        }

        ulong id = ReadU64(_pos + RecordTypeSize);
        string name = Encoding.UTF8.GetString(_buffer, _pos + RecordTypeSize + MappingHeaderSize, (int)nameLength);
        TraceEventDeclaration? declaration = _declarations.TryGet(name, out var d) ? d : null;
        int index = Events.GetOrAdd(name, declaration);
        SetFixedLength(index);
        MapId(id, index);
        _pos += total;
        return true;
    }

    private bool ReadVersion0(ref TraceRecord record)
    {
        if (!Ensure(Version0RecordSize))
        {
            return EndOfInput();
        }

        int start = _pos;
        ulong id = ReadU64(start);
        int index = ResolveEvent(id, start);
        var info = Events[index];
        record.EventIndex = index;
        record.TimestampNs = ReadU64(start + 8);
        record.Pid = 0;
        record.Position = _bufferOffset + start;
        int count = id == DroppedEventId ? 1 : Math.Min(info.ArgumentNames.Length, 6);
        if (_fixedLength[index] < 0 && id != DroppedEventId)
        {
            throw Error(start, $"event {info.Name} has a string argument, which log version 0 cannot carry; the trace-events file does not match this trace");
        }

        for (int i = 0; i < count; i++)
        {
            record.Arguments[i] = ReadU64(start + 16 + (8 * i));
        }

        record.ArgumentCount = count;
        _pos += Version0RecordSize;
        Account(ref record, index);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Account(ref TraceRecord record, int index)
    {
        if (_any && record.TimestampNs < _previousTimestamp)
        {
            Statistics.OutOfOrder++;
        }

        _any = true;
        _previousTimestamp = record.TimestampNs;
        if (index == _droppedIndex)
        {
            Statistics.AddDropped(record.Arguments[0]);
        }

        Statistics.Count(index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ResolveEvent(ulong id, int recordStart)
    {
        if (id < DirectIdLimit)
        {
            int index = _idToIndex[id];
            if (index >= 0)
            {
                return index;
            }
        }
        else if (id == DroppedEventId)
        {
            return _droppedIndex;
        }
        else if (_largeIds.TryGetValue(id, out var large))
        {
            return large;
        }

        if (LogVersion == 4)
        {
            throw Error(recordStart, $"event id {id} has no mapping record before it (a log version 4 trace names each event before its first record); the file is damaged or was cut from the middle of a trace");
        }

        throw Error(recordStart, $"event id {id} is not in {_explicitEvents!.Source} ({_explicitEvents.Events.Count} events): the trace-events file probably does not match the QEMU build that wrote this trace; pass that build's trace-events-all");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void DecodeArguments(ref TraceRecord record, int index, int at, int payload, int recordStart)
    {
        int fixedLength = _fixedLength[index];
        if (fixedLength == payload)
        {
            // All-integer event whose size matches its declaration: the common exec_tb case.
            int count = payload >> 3;
            for (int i = 0; i < count; i++)
            {
                record.Arguments[i] = ReadU64(at + (8 * i));
            }

            record.ArgumentCount = count;
            return;
        }

        DecodeArgumentsSlow(ref record, index, at, payload, recordStart);
    }

    private void DecodeArgumentsSlow(ref TraceRecord record, int index, int at, int payload, int recordStart)
    {
        var info = Events[index];
        if (info.Declaration is null)
        {
            if (_explicitEvents is not null)
            {
                throw Error(recordStart, $"event {info.Name} is not declared in {_explicitEvents.Source}: the trace-events file probably does not match the QEMU build that wrote this trace; pass that build's trace-events-all");
            }

            if (payload % 8 != 0)
            {
                throw Error(recordStart, $"event {info.Name} is not declared in {_declarations.Source} and its {payload} bytes of arguments are not whole u64 values; pass the QEMU build's trace-events-all with --events");
            }

            if (payload / 8 > TraceArguments.MaxCount)
            {
                throw Error(recordStart, $"event {info.Name} carries {payload / 8} arguments, more than the {TraceArguments.MaxCount} the simple backend allows; the file is damaged");
            }

            if (info.ArgumentNames.Length == 0 && payload > 0)
            {
                info.SetGenericArguments(payload / 8);
            }

            if (info.ArgumentNames.Length * 8 != payload)
            {
                throw Error(recordStart, $"record of undeclared event {info.Name} has {payload} bytes of arguments where earlier ones had {info.ArgumentNames.Length * 8}; pass the QEMU build's trace-events-all with --events");
            }

            _fixedLength[index] = payload;
            DecodeArguments(ref record, index, at, payload, recordStart);
            return;
        }

        var isString = info.ArgumentIsString;
        if (isString.Length > TraceArguments.MaxCount)
        {
            throw Error(recordStart, $"event {info.Name} declares {isString.Length} arguments, more than the {TraceArguments.MaxCount} the simple backend allows");
        }

        _strings.Clear();
        int p = at;
        int end = at + payload;
        for (int i = 0; i < isString.Length; i++)
        {
            if (isString[i])
            {
                if (p + 4 > end)
                {
                    throw LengthMismatch(info, recordStart, payload);
                }

                int len = (int)ReadU32(p);
                p += 4;
                if (len < 0 || p + len > end)
                {
                    throw LengthMismatch(info, recordStart, payload);
                }

                record.Arguments[i] = _strings.Store(_buffer.AsSpan(p, len));
                p += len;
            }
            else
            {
                if (p + 8 > end)
                {
                    throw LengthMismatch(info, recordStart, payload);
                }

                record.Arguments[i] = ReadU64(p);
                p += 8;
            }
        }

        if (p != end)
        {
            throw LengthMismatch(info, recordStart, payload);
        }

        record.ArgumentCount = isString.Length;
    }

    private TraceFormatException LengthMismatch(TraceEventInfo info, int recordStart, int payload)
    {
        var declared = string.Join(", ", info.Declaration!.Arguments.Select(a => $"{a.Type} {a.Name}"));
        var from = _explicitEvents?.Source ?? TraceEventsFile.BuiltIn.Source;
        return Error(recordStart, $"record of event {info.Name} has {payload} bytes of arguments, which do not fit its declaration ({declared}) in {from}; the trace-events file probably does not match the QEMU build that wrote this trace: pass that build's trace-events-all");
    }

    private void SetFixedLength(int index)
    {
        if (index >= _fixedLength.Length)
        {
            int size = Math.Max(index + 1, _fixedLength.Length * 2);
            Array.Resize(ref _fixedLength, size);
            Array.Resize(ref _runEvents, size);
        }

        var info = Events[index];
        // -1 means "decode argument by argument": strings present, or no declaration yet.
        _fixedLength[index] = info.Declaration is null || info.ArgumentIsString.Any(s => s)
            ? -1
            : 8 * info.ArgumentNames.Length;

        // The column path takes fixed-size integer records (not strings, undeclared or dropped-event records); its block
        // events are exactly the records RecordColumns.TryBlock takes as blocks.
        int count = info.ArgumentNames.Length;
        bool fixedSize = _fixedLength[index] >= 0 && info.Kind != TraceEventKind.Dropped && count <= byte.MaxValue;
        bool block = fixedSize && info.Kind is (TraceEventKind.ExecTb or TraceEventKind.ExecTbNocache)
            && info.PcArgument >= 0 && info.PcArgument < count;
        bool instructions = block && info.InstructionsArgument >= 0 && info.InstructionsArgument < count;
        _runEvents[index] = fixedSize
            ? new RunEvent(RecordHeaderSize + _fixedLength[index], block ? 8 * info.PcArgument : -1,
                instructions ? 8 * info.InstructionsArgument : -1, (byte)count)
            : default;
    }

    private void MapId(ulong id, int index)
    {
        if (id < DirectIdLimit)
        {
            _idToIndex[id] = index;
        }
        else
        {
            _largeIds[id] = index;
        }
    }

    /// <summary>
    /// A record that runs past the end of the input is a trace cut short (QEMU killed before flushing), unless its
    /// event's records have a fixed size that differs from the length field and the input holds that size: then the
    /// length field is corrupt, and calling it a truncation would silently drop every record after it.
    /// </summary>
    private void RefuseCorruptLengthAtEnd(uint length)
    {
        int headerAt = _pos + (LogVersion == 4 ? RecordTypeSize : 0);
        ulong id = ReadU64(headerAt);
        int index = id < DirectIdLimit ? _idToIndex[id] : id == DroppedEventId ? _droppedIndex : _largeIds.GetValueOrDefault(id, -1);
        if (index < 0 || _fixedLength[index] < 0)
        {
            return;
        }

        int expected = RecordHeaderSize + _fixedLength[index];
        if (expected != length && Ensure(headerAt - _pos + expected))
        {
            throw Error(headerAt + LengthOffset,
                $"the record's length field says {length} bytes, past the end of the input, but {Events[index].Name} records are {expected} bytes and {_end - _pos} bytes follow: the length field is corrupt (not a trace cut short); the file is damaged, so decode the part before this offset or record the trace again");
        }
    }

    private bool EndOfInput()
    {
        if (_end > _pos)
        {
            Statistics.TruncatedAt = _bufferOffset + _pos;
        }

        Statistics.BytesRead = _bufferOffset + _end;
        _pos = _end;
        return false;
    }

    /// <summary>Makes at least <paramref name="count"/> bytes available at <see cref="_pos"/>; false at end of input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Ensure(int count) => _end - _pos >= count || Fill(count);

    private bool Fill(int count)
    {
        if (_eof)
        {
            return false;
        }

        if (_pos > 0)
        {
            int remaining = _end - _pos;
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, remaining);
            _bufferOffset += _pos;
            _pos = 0;
            _end = remaining;
        }

        if (count > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(count);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        while (_end < count)
        {
            int n = TraceStreamReads.Read(_stream, _buffer, _end, Source, _bufferOffset + _end);

            if (n == 0)
            {
                _eof = true;
                Statistics.BytesRead = _bufferOffset + _end;
                return false;
            }

            _end += n;
        }

        Statistics.BytesRead = _bufferOffset + _end;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong ReadU64(int at) => Unsafe.ReadUnaligned<ulong>(ref _buffer[at]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint ReadU32(int at) => Unsafe.ReadUnaligned<uint>(ref _buffer[at]);

    private TraceFormatException Error(int bufferPosition, string detail) =>
        new(Source, TraceLocation.Byte(_bufferOffset + bufferPosition), detail);
}
