using System.Buffers;
using System.Runtime.CompilerServices;
using QemuTrace.Formats.Columns;
using static QemuTrace.Formats.Blocks.BlockTraceLayout;

namespace QemuTrace.Formats.Blocks;

/// <summary>
/// Streams the block records of a qtrace-blocks capture (plugin/qtrace-blocks.c, docs/block-format.md) over a pooled
/// buffer. Each record becomes an <c>exec_tb</c> record with arguments <c>pc</c> and <c>insns</c> and the vCPU index
/// as its <see cref="TraceRecord.Pid"/>, so every analysis reads it like an exec_tb trace in which no block is missed.
/// </summary>
/// <remarks>
/// Timestamps are converted to CLOCK_MONOTONIC ns piecewise linearly: a chunk's records lie between the clock pair
/// of the previous chunk (or the header) and its own pair, taken when the plugin wrote it, so the conversion is
/// monotonic and continuous. At the trailer the record count is checked against the plugin's own count, and the
/// instructions against its inline counters; a file cut short yields every complete record and a warning.
/// </remarks>
public sealed partial class BlockTraceReader : ITraceReader, IRecordColumnReader
{
    private const int BufferSize = 1 << 20;

    /// <summary>The declaration the reader gives its records.</summary>
    public static TraceEventDeclaration BlockEvent { get; } = TraceEventsFile.Parse(
        "qtrace-blocks records",
        "exec_tb(uint64_t pc, uint32_t insns) \"pc=0x%\"PRIx64\" insns=%u\"\n").Events[0];

    private readonly Stream _stream;
    private readonly int _execTb;
    private byte[] _buffer;
    private int _pos;
    private int _end;
    private long _bufferOffset;
    private bool _eof;
    private bool _done;

    private uint _chunkRemaining;
    private uint _chunkRecords;
    private long _chunkStart;
    private long _chunkEnd;
    private uint _vcpu;
    private ulong _previousTicks;
    private ulong _previousPc;
    private ulong _nextSequence;
    private uint _firstVcpu = uint.MaxValue;
    private bool _severalVcpus;

    private readonly bool _identityClock;
    private readonly bool _endsQuietly;
    private ulong _anchorNs;
    private ulong _anchorTicks;
    private ulong _segmentNs;
    private ulong _segmentTicks;
    private double _nsPerTick;
    private ulong _previousNs;
    private bool _any;

    /// <summary>Opens a reader over <paramref name="stream"/> and validates the file header.</summary>
    /// <param name="stream">The (decompressed) capture; owned by the reader.</param>
    /// <param name="source">Name used in messages.</param>
    /// <exception cref="TraceFormatException">Not a qtrace-blocks capture, or an unknown version.</exception>
    public BlockTraceReader(Stream stream, string source)
    {
        _stream = stream;
        Source = source;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        _execTb = Events.GetOrAdd(BlockEvent.Name, BlockEvent);
        Header = ReadHeader();
        _identityClock = Header.Clock == BlockClockSource.Monotonic;
        _anchorNs = Header.StartMonotonicNs;
        _anchorTicks = Header.StartTicks;
        _nsPerTick = Header.TicksPerSecond > 0 ? 1e9 / Header.TicksPerSecond : 1.0;
    }

    /// <summary>
    /// A reader of part of a capture, from the chunk at byte <paramref name="offset"/> of the file on, given the state
    /// the chunks before it leave (<see cref="BlockChunkIndex"/>). Errors and statistics are in the file's byte
    /// offsets. With <paramref name="endsCapture"/> false the part ends quietly after its last chunk (the chunks after
    /// it are another reader's); true, it is the capture's tail: its trailer, truncation and damage are handled as
    /// when read from the start.
    /// </summary>
    internal BlockTraceReader(Stream part, string source, BlockTraceHeader header, long offset, BlockChunkStart start, bool endsCapture)
    {
        _stream = part;
        Source = source;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        _execTb = Events.GetOrAdd(BlockEvent.Name, BlockEvent);
        Header = header;
        _identityClock = header.Clock == BlockClockSource.Monotonic;
        _bufferOffset = offset;
        _nextSequence = start.Sequence;
        _anchorNs = start.AnchorNs;
        _anchorTicks = start.AnchorTicks;
        _nsPerTick = start.NsPerTick;
        _firstVcpu = start.FirstVcpu;
        _severalVcpus = start.SeveralVcpus;
        _endsQuietly = !endsCapture;
    }

    /// <inheritdoc />
    public string Source { get; }

    /// <inheritdoc />
    public TraceFormat Format => TraceFormat.Blocks;

    /// <inheritdoc />
    public int? LogVersion => null;

    /// <inheritdoc />
    public bool HasTimestamps => true;

    /// <inheritdoc />
    public TraceEventTable Events { get; } = new();

    /// <inheritdoc />
    public TraceReadStatistics Statistics { get; } = new();

    /// <summary>The file header.</summary>
    public BlockTraceHeader Header { get; }

    /// <summary>The trailer, once the reader has reached it; null before, and when the capture has none.</summary>
    public BlockTraceTrailer? Trailer { get; private set; }

    /// <summary>Guest instructions of the records read so far.</summary>
    public ulong Instructions { get; private set; }

    /// <summary>Chunks started so far.</summary>
    public ulong Chunks => _nextSequence;

    /// <inheritdoc />
    public bool Read(ref TraceRecord record)
    {
        while (_chunkRemaining == 0)
        {
            if (_done || !NextItem())
            {
                return false;
            }
        }

        return ReadRecord(ref record);
    }

    /// <inheritdoc />
    public ReadOnlySpan<byte> GetString(in TraceRecord record, int argument) =>
        throw new InvalidOperationException("block records have no string arguments");

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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool ReadRecord(ref TraceRecord record)
    {
        long start = _bufferOffset + _pos;
        long left = _chunkEnd - start;
        if (left <= 0)
        {
            throw Error(_chunkStart, $"the chunk declares {_chunkRecords} records, but its {_chunkEnd - _chunkStart - ChunkHeaderSize} payload bytes end after {_chunkRecords - _chunkRemaining}; the file is damaged");
        }

        int want = left < MaxRecordSize ? (int)left : MaxRecordSize;
        bool complete = Ensure(want);
        int bound = complete ? _pos + want : _end;
        int p = _pos;
        if (!TryVarint(ref p, bound, out ulong timeDelta) || !TryVarint(ref p, bound, out ulong pcDelta) || !TryVarint(ref p, bound, out ulong instructions))
        {
            if (!complete)
            {
                return Truncated($"the capture ends inside chunk {_nextSequence - 1} (vCPU {_vcpu}) after {_chunkRecords - _chunkRemaining} of its {_chunkRecords} records, with no trailer: QEMU did not exit normally, so nothing checks that every block is here");
            }

            throw Error(start, want == left
                ? "a record runs past the end of its chunk; the file is damaged"
                : "a varint longer than 10 bytes; the file is damaged or not a qtrace-blocks capture");
        }

        if (instructions > uint.MaxValue)
        {
            throw Error(start, $"a block of {instructions} instructions (QEMU translates at most 512 per block); the file is damaged");
        }

        _pos = p;
        ulong ticks = _previousTicks + Unzigzag(timeDelta);
        ulong pc = _previousPc + Unzigzag(pcDelta);
        _previousTicks = ticks;
        _previousPc = pc;
        ulong ns = _identityClock ? ticks : _segmentNs + (ulong)(long)Math.Round((long)(ticks - _segmentTicks) * _nsPerTick);
        record.EventIndex = _execTb;
        record.TimestampNs = ns;
        record.Pid = _vcpu;
        record.Position = start;
        record.Arguments[0] = pc;
        record.Arguments[1] = instructions;
        record.ArgumentCount = 2;
        Instructions += instructions;
        if (_any && ns < _previousNs)
        {
            Statistics.OutOfOrder++;
        }

        _any = true;
        _previousNs = ns;
        Statistics.Count(_execTb);
        if (--_chunkRemaining == 0 && _bufferOffset + _pos != _chunkEnd)
        {
            throw Error(_chunkStart, $"the chunk's {_chunkRecords} records end at byte offset {_bufferOffset + _pos}, not at the end of its payload ({_chunkEnd}); the file is damaged");
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryVarint(ref int p, int bound, out ulong value)
    {
        ulong result = 0;
        int shift = 0;
        var buffer = _buffer;
        while (p < bound && shift < 70)
        {
            byte b = buffer[p++];
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                value = result;
                return true;
            }

            shift += 7;
        }

        value = 0;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Unzigzag(ulong v) => (v >> 1) ^ (0UL - (v & 1));

    /// <summary>Reads the next chunk header or the trailer; false at the end of the capture.</summary>
    private bool NextItem()
    {
        long at = _bufferOffset + _pos;
        if (!Ensure(4))
        {
            if (_end > _pos)
            {
                return Truncated("the capture ends inside a chunk or trailer tag, with no trailer: QEMU did not exit normally, so nothing checks that every block is here");
            }

            Statistics.BytesRead = _bufferOffset + _end;
            if (_endsQuietly)
            {
                _done = true;
                return false;
            }

            Statistics.Warn($"the capture has no trailer (it ends at byte offset {at} after {_nextSequence} chunks): QEMU did not exit normally, so nothing checks that every block is here; all {Statistics.Records} records were read");
            _done = true;
            return false;
        }

        uint tag = ReadU32(_pos);
        if (tag == ChunkTag)
        {
            return ReadChunkHeader(at);
        }

        if (tag == TrailerTag)
        {
            ReadTrailer(at);
            return false;
        }

        throw Error(at, $"expected a chunk (tag CHNK) or the trailer (TRLR), found 0x{tag:x8}; the file is damaged");
    }

    private bool ReadChunkHeader(long at)
    {
        if (!Ensure(ChunkHeaderSize))
        {
            return Truncated("the capture ends inside a chunk header, with no trailer: QEMU did not exit normally, so nothing checks that every block is here");
        }

        uint vcpu = ReadU32(_pos + ChunkVcpuOffset);
        uint records = ReadU32(_pos + ChunkRecordsOffset);
        uint payload = ReadU32(_pos + ChunkPayloadOffset);
        ulong sequence = ReadU64(_pos + ChunkSequenceOffset);
        ulong ns = ReadU64(_pos + ChunkMonotonicOffset);
        ulong ticks = ReadU64(_pos + ChunkTicksOffset);
        if (sequence != _nextSequence)
        {
            throw Error(at, $"chunk number {sequence} where chunk {_nextSequence} was expected: a chunk is missing or the file is damaged");
        }

        if (vcpu >= (uint)Header.VcpuSlots)
        {
            throw Error(at, $"chunk of vCPU {vcpu}, but the header declares {Header.VcpuSlots} vCPU slots; the file is damaged");
        }

        if (records == 0 || payload > MaxPayload || (ulong)records * MinRecordSize > payload || (ulong)records * MaxRecordSize < payload)
        {
            throw Error(at, $"a chunk of {records} records in {payload} bytes is impossible (a record takes {MinRecordSize} to {MaxRecordSize} bytes, a chunk at most {MaxPayload}); the file is damaged");
        }

        if (NoteVcpu(ref _firstVcpu, ref _severalVcpus, vcpu))
        {
            Statistics.Warn($"records of more than one vCPU (from byte offset {at}): chunks of different vCPUs follow each other in the file, not in time, and the analyses attribute time in file order, which is exact for one vCPU only; record with -smp 1 for an exact profile");
        }

        // The chunk's records ran between the previous clock pair and this one.
        _segmentNs = _anchorNs;
        _segmentTicks = _anchorTicks;
        AdvanceClock(_identityClock, ref _anchorNs, ref _anchorTicks, ref _nsPerTick, ns, ticks);
        _chunkStart = at;
        _chunkEnd = at + ChunkHeaderSize + payload;
        _chunkRecords = records;
        _chunkRemaining = records;
        _vcpu = vcpu;
        _previousTicks = 0;
        _previousPc = 0;
        _nextSequence++;
        _pos += ChunkHeaderSize;
        return true;
    }

    /// <summary>The capture's file when it is a plain file on disk (not compressed, not a pipe): its chunks can be decoded in parallel.</summary>
    internal FileStream? File { get; init; }

    /// <summary>
    /// Decoding of this capture's chunks on <paramref name="workers"/> threads (<see cref="ParallelBlockColumns"/>),
    /// when it is a plain file of at least two whole chunks and nothing has been read yet; null otherwise.
    /// </summary>
    internal ParallelBlockColumns? DecodeInParallel(int workers, int capacity, Func<int, RecordColumns> create, int extraRuns, CancellationToken cancel)
    {
        if (File is null || workers < 2 || _nextSequence != 0 || Statistics.Records != 0 || _done)
        {
            return null;
        }

        var index = BlockChunkIndex.Scan(File.SafeFileHandle, File.Length, Header);
        return index.Chunks.Count < 2 ? null : new ParallelBlockColumns(this, File, index, workers, capacity, create, extraRuns, cancel);
    }

    /// <summary>
    /// Makes a tail reader (<see cref="BlockTraceReader(Stream, string, BlockTraceHeader, long, BlockChunkStart, bool)"/>)
    /// go on from the chunks read before it: their records, instructions and out-of-order count, and the last
    /// record's time, so that its counts, its trailer check and its warnings are those of one reader from the start.
    /// </summary>
    internal void ContinueAfter(long records, ulong instructions, long outOfOrder, ulong previousNs, bool any)
    {
        Statistics.RecordsPerEvent[_execTb] += records;
        Statistics.Records += records;
        Statistics.OutOfOrder += outOfOrder;
        Instructions += instructions;
        _previousNs = previousNs;
        _any = any;
    }

    /// <summary>
    /// This reader's counts after a part read by another reader (the chunks before <paramref name="chunks"/> were
    /// read elsewhere): its records, instructions and out-of-order records, its warnings, and where it ended.
    /// </summary>
    internal void Absorb(TraceReadStatistics part, ulong instructions, ulong chunks, long bytesRead)
    {
        Statistics.RecordsPerEvent[_execTb] += part.Records;
        Statistics.Records += part.Records;
        Statistics.OutOfOrder += part.OutOfOrder;
        foreach (var warning in part.Warnings)
        {
            Statistics.Warn(warning);
        }

        Instructions += instructions;
        _nextSequence = chunks;
        Statistics.BytesRead = bytesRead;
    }

    /// <summary>This reader's counts as those of the tail reader that finished the capture (which went on from them).</summary>
    internal void FinishFrom(BlockTraceReader tail)
    {
        Statistics.RecordsPerEvent[_execTb] = tail.Statistics.RecordsPerEvent[tail._execTb];
        Statistics.Records = tail.Statistics.Records;
        Statistics.OutOfOrder = tail.Statistics.OutOfOrder;
        Statistics.BytesRead = tail.Statistics.BytesRead;
        Statistics.TruncatedAt = tail.Statistics.TruncatedAt;
        foreach (var warning in tail.Statistics.Warnings)
        {
            Statistics.Warn(warning);
        }

        Instructions = tail.Instructions;
        _nextSequence = tail._nextSequence;
        Trailer = tail.Trailer;
        _done = true;
    }

    /// <summary>
    /// A chunk's vCPU against those before it (<paramref name="first"/>: the first chunk's, <see cref="uint.MaxValue"/>
    /// before any); true for the first chunk of a second vCPU, which is warned about once.
    /// </summary>
    internal static bool NoteVcpu(ref uint first, ref bool several, uint vcpu)
    {
        if (first == uint.MaxValue)
        {
            first = vcpu;
            return false;
        }

        if (vcpu == first || several)
        {
            return false;
        }

        several = true;
        return true;
    }

    /// <summary>
    /// The clock after a chunk's pair (<paramref name="ns"/>, <paramref name="ticks"/>): the next chunk's records lie
    /// between this pair and its own, at the rate measured between the previous pair and this one (kept when the
    /// ticks did not advance).
    /// </summary>
    internal static void AdvanceClock(bool identity, ref ulong anchorNs, ref ulong anchorTicks, ref double nsPerTick, ulong ns, ulong ticks)
    {
        if (!identity && ticks > anchorTicks && ns >= anchorNs)
        {
            nsPerTick = (double)(ns - anchorNs) / (ticks - anchorTicks);
        }

        anchorNs = ns;
        anchorTicks = ticks;
    }

    private void ReadTrailer(long at)
    {
        if (!Ensure(TrailerSize))
        {
            Truncated("the capture ends inside its trailer: QEMU did not finish writing it, so nothing checks that every block is here");
            return;
        }

        var trailer = new BlockTraceTrailer(
            ReadU64(_pos + TrailerChunksOffset), ReadU64(_pos + TrailerRecordsOffset),
            ReadU64(_pos + TrailerInlineBlocksOffset), ReadU64(_pos + TrailerInlineInstructionsOffset),
            ReadU64(_pos + TrailerMonotonicOffset), ReadU64(_pos + TrailerTicksOffset));
        _pos += TrailerSize;
        if (Ensure(1))
        {
            throw Error(at + TrailerSize, "bytes after the trailer, which ends a capture; the file is damaged or two captures were concatenated");
        }

        Statistics.BytesRead = _bufferOffset + _end;
        if (trailer.Chunks != _nextSequence || trailer.Records != (ulong)Statistics.Records)
        {
            throw Error(at, $"the trailer counts {trailer.Records} records in {trailer.Chunks} chunks, but the file holds {Statistics.Records} in {_nextSequence}; the file is damaged");
        }

        if (trailer.InlineBlocks != trailer.Records)
        {
            Statistics.Warn($"the plugin's inline counter saw {trailer.InlineBlocks} block executions but {trailer.Records} were recorded (with several vCPUs the inline counter is racy; with one, blocks were lost)");
        }
        else if (trailer.InlineInstructions != Instructions)
        {
            Statistics.Warn($"the records hold {Instructions} instructions but the plugin's inline counter saw {trailer.InlineInstructions}; the file is damaged");
        }

        Trailer = trailer;
        _done = true;
    }

    private BlockTraceHeader ReadHeader()
    {
        if (!Ensure(HeaderSize))
        {
            throw new TraceFormatException(Source, TraceLocation.Byte(0),
                $"the file has {_end} bytes, fewer than the {HeaderSize}-byte qtrace-blocks header; it is not a complete block capture (QEMU may have failed before the plugin wrote it)");
        }

        if (!_buffer.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw Error(0, $"expected the qtrace-blocks magic QTBLOCKS, found {Convert.ToHexString(_buffer, 0, 8).ToLowerInvariant()}; this is not a block capture");
        }

        int version = ReadU16(VersionOffset);
        if (version != FormatVersion)
        {
            throw Error(VersionOffset, $"format version {version}, and this qtrace reads version {FormatVersion}; use the qtrace that matches the plugin that wrote it");
        }

        int headerSize = ReadU16(HeaderSizeOffset);
        if (headerSize != HeaderSize)
        {
            throw Error(HeaderSizeOffset, $"header size {headerSize} where version {FormatVersion} has {HeaderSize}; the file is damaged");
        }

        uint clock = ReadU32(ClockOffset);
        if (clock is not ((uint)BlockClockSource.Monotonic or (uint)BlockClockSource.Tsc))
        {
            throw Error(ClockOffset, $"clock source {clock} (known: 1 = monotonic, 2 = TSC); the file is damaged");
        }

        uint start = ReadU32(StartKindOffset);
        if (start is not ((uint)BlockStartCondition.Reset or (uint)BlockStartCondition.Pc))
        {
            throw Error(StartKindOffset, $"start condition {start} (known: 0 = reset, 1 = address); the file is damaged");
        }

        uint slots = ReadU32(VcpuCountOffset);
        if (slots is 0 or > 4096)
        {
            throw Error(VcpuCountOffset, $"{slots} vCPU slots (expected 1..4096); the file is damaged");
        }

        var header = new BlockTraceHeader(version, (BlockClockSource)clock, ReadU64(StartMonotonicOffset), ReadU64(StartTicksOffset),
            ReadU64(TicksPerSecondOffset), (BlockStartCondition)start, ReadU64(StartPcOffset),
            ReadU16(PluginApiOffset), ReadU16(QemuApiOffset), (int)slots);
        _pos = HeaderSize;
        return header;
    }

    private bool Truncated(string warning)
    {
        Statistics.TruncatedAt = _bufferOffset + _pos;
        Statistics.BytesRead = _bufferOffset + _end;
        Statistics.Warn(warning);
        _pos = _end;
        _chunkRemaining = 0;
        _done = true;
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

    private ushort ReadU16(int at) => Unsafe.ReadUnaligned<ushort>(ref _buffer[at]);

    private TraceFormatException Error(long offset, string detail) => new(Source, TraceLocation.Byte(offset), detail);
}
