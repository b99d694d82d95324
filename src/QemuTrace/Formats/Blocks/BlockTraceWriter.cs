using System.Buffers.Binary;
using static QemuTrace.Formats.Blocks.BlockTraceLayout;

namespace QemuTrace.Formats.Blocks;

/// <summary>
/// Writes qtrace-blocks captures byte for byte as plugin/qtrace-blocks.c lays them out: records go to the open
/// chunk of their vCPU, a chunk is written with the clock pair given to <see cref="EndChunk"/>, and
/// <see cref="Finish"/> writes the trailer. Used by the tests to build every case by hand, and to write captures.
/// </summary>
public sealed class BlockTraceWriter : IDisposable
{
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly Dictionary<int, OpenChunk> _chunks = [];

    /// <summary>Creates a writer and writes the file header.</summary>
    public BlockTraceWriter(Stream output, BlockTraceHeader header, bool leaveOpen = false)
    {
        _output = output;
        _leaveOpen = leaveOpen;
        Header = header;
        Span<byte> h = stackalloc byte[HeaderSize];
        h.Clear();
        Magic.CopyTo(h);
        BinaryPrimitives.WriteUInt16LittleEndian(h[VersionOffset..], (ushort)header.FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(h[HeaderSizeOffset..], HeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(h[ClockOffset..], (uint)header.Clock);
        BinaryPrimitives.WriteUInt64LittleEndian(h[StartMonotonicOffset..], header.StartMonotonicNs);
        BinaryPrimitives.WriteUInt64LittleEndian(h[StartTicksOffset..], header.StartTicks);
        BinaryPrimitives.WriteUInt64LittleEndian(h[TicksPerSecondOffset..], header.TicksPerSecond);
        BinaryPrimitives.WriteUInt64LittleEndian(h[StartPcOffset..], header.StartPc);
        BinaryPrimitives.WriteUInt32LittleEndian(h[StartKindOffset..], (uint)header.Start);
        BinaryPrimitives.WriteUInt16LittleEndian(h[PluginApiOffset..], (ushort)header.PluginApiVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(h[QemuApiOffset..], (ushort)header.QemuApiVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(h[VcpuCountOffset..], (uint)header.VcpuSlots);
        _output.Write(h);
    }

    /// <summary>A monotonic-clock header for one vCPU, recording from reset, starting at <paramref name="startNs"/>.</summary>
    public static BlockTraceHeader MonotonicHeader(ulong startNs = 0, int vcpuSlots = 1) =>
        new(FormatVersion, BlockClockSource.Monotonic, startNs, startNs, 1_000_000_000, BlockStartCondition.Reset, 0, 1, 1, vcpuSlots);

    /// <summary>The header written.</summary>
    public BlockTraceHeader Header { get; }

    /// <summary>Records written or waiting in open chunks.</summary>
    public ulong Records { get; private set; }

    /// <summary>Their instructions.</summary>
    public ulong Instructions { get; private set; }

    /// <summary>Chunks written.</summary>
    public ulong Chunks { get; private set; }

    /// <summary>Appends a block record to the open chunk of <paramref name="vcpu"/>.</summary>
    public void Add(int vcpu, ulong ticks, ulong pc, uint instructions)
    {
        if (!_chunks.TryGetValue(vcpu, out var chunk))
        {
            chunk = new OpenChunk();
            _chunks[vcpu] = chunk;
        }

        Span<byte> bytes = stackalloc byte[MaxRecordSize];
        int n = PutVarint(bytes, Zigzag(ticks - chunk.PreviousTicks));
        n += PutVarint(bytes[n..], Zigzag(pc - chunk.PreviousPc));
        n += PutVarint(bytes[n..], instructions);
        chunk.Payload.Write(bytes[..n]);
        chunk.Records++;
        chunk.PreviousTicks = ticks;
        chunk.PreviousPc = pc;
        Records++;
        Instructions += instructions;
    }

    /// <summary>Writes the open chunk of <paramref name="vcpu"/>, stamped with a clock pair taken after its records.</summary>
    public void EndChunk(int vcpu, ulong monotonicNs, ulong ticks)
    {
        if (!_chunks.Remove(vcpu, out var chunk) || chunk.Records == 0)
        {
            return;
        }

        Span<byte> h = stackalloc byte[ChunkHeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(h, ChunkTag);
        BinaryPrimitives.WriteUInt32LittleEndian(h[ChunkVcpuOffset..], (uint)vcpu);
        BinaryPrimitives.WriteUInt32LittleEndian(h[ChunkRecordsOffset..], chunk.Records);
        BinaryPrimitives.WriteUInt32LittleEndian(h[ChunkPayloadOffset..], (uint)chunk.Payload.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(h[ChunkSequenceOffset..], Chunks);
        BinaryPrimitives.WriteUInt64LittleEndian(h[ChunkMonotonicOffset..], monotonicNs);
        BinaryPrimitives.WriteUInt64LittleEndian(h[ChunkTicksOffset..], ticks);
        _output.Write(h);
        chunk.Payload.Position = 0;
        chunk.Payload.CopyTo(_output);
        Chunks++;
    }

    /// <summary>
    /// Writes every open chunk (stamped with the exit clock pair) and the trailer. The inline counts default to what
    /// was written, as the plugin's are with one vCPU.
    /// </summary>
    public void Finish(ulong monotonicNs, ulong ticks, ulong? inlineBlocks = null, ulong? inlineInstructions = null)
    {
        foreach (var vcpu in _chunks.Keys.Order().ToList())
        {
            EndChunk(vcpu, monotonicNs, ticks);
        }

        Span<byte> t = stackalloc byte[TrailerSize];
        t.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(t, TrailerTag);
        BinaryPrimitives.WriteUInt64LittleEndian(t[TrailerChunksOffset..], Chunks);
        BinaryPrimitives.WriteUInt64LittleEndian(t[TrailerRecordsOffset..], Records);
        BinaryPrimitives.WriteUInt64LittleEndian(t[TrailerInlineBlocksOffset..], inlineBlocks ?? Records);
        BinaryPrimitives.WriteUInt64LittleEndian(t[TrailerInlineInstructionsOffset..], inlineInstructions ?? Instructions);
        BinaryPrimitives.WriteUInt64LittleEndian(t[TrailerMonotonicOffset..], monotonicNs);
        BinaryPrimitives.WriteUInt64LittleEndian(t[TrailerTicksOffset..], ticks);
        _output.Write(t);
    }

    /// <summary>Flushes; without <see cref="Finish"/> the capture ends without a trailer, as when QEMU is killed.</summary>
    public void Dispose()
    {
        _output.Flush();
        if (!_leaveOpen)
        {
            _output.Dispose();
        }
    }

    private static ulong Zigzag(ulong difference) => (difference << 1) ^ (ulong)((long)difference >> 63);

    private static int PutVarint(Span<byte> bytes, ulong value)
    {
        int n = 0;
        while (value >= 0x80)
        {
            bytes[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        bytes[n++] = (byte)value;
        return n;
    }

    private sealed class OpenChunk
    {
        public MemoryStream Payload { get; } = new();

        public uint Records { get; set; }

        public ulong PreviousTicks { get; set; }

        public ulong PreviousPc { get; set; }
    }
}
