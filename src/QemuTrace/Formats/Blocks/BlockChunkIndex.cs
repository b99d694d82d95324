using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using static QemuTrace.Formats.Blocks.BlockTraceLayout;

namespace QemuTrace.Formats.Blocks;

/// <summary>One whole chunk of a capture on disk and the state a reader starts it with.</summary>
internal readonly record struct BlockChunk(long Offset, long Length, uint Records, BlockChunkStart Start);

/// <summary>
/// The chunks of a capture file found by walking their headers (40 bytes each, no payload read), so that chunks can
/// be decoded independently. The walk stops at the first item that is not a whole, plausible chunk in sequence: the
/// trailer, the end of the file, a cut or damaged chunk. From there (the tail) a reader goes on in file order, so
/// every warning and error is the sequential reader's.
/// </summary>
internal sealed class BlockChunkIndex
{
    private BlockChunkIndex(List<BlockChunk> chunks, long tailOffset, BlockChunkStart tailStart)
    {
        Chunks = chunks;
        TailOffset = tailOffset;
        TailStart = tailStart;
    }

    /// <summary>
    /// Most chunks indexed (64 MB of index): a capture of more, which the plugin's 1 MiB chunks make a 1 TB file, or a
    /// hostile file of tiny chunks, reads the rest in file order as the tail, so memory stays bounded.
    /// </summary>
    internal static int MaxChunks { get; set; } = 1 << 20;

    /// <summary>The whole chunks, in file order.</summary>
    public IReadOnlyList<BlockChunk> Chunks { get; }

    /// <summary>Where the chunks end: the trailer, the file's end, or the first chunk the walk did not take.</summary>
    public long TailOffset { get; }

    /// <summary>The reader's state at <see cref="TailOffset"/>.</summary>
    public BlockChunkStart TailStart { get; }

    /// <summary>Walks the chunk headers of the capture in <paramref name="file"/> (<paramref name="length"/> bytes).</summary>
    public static BlockChunkIndex Scan(SafeFileHandle file, long length, BlockTraceHeader header)
    {
        var chunks = new List<BlockChunk>();
        var state = BlockChunkStart.Of(header);
        long offset = HeaderSize;
        Span<byte> h = stackalloc byte[ChunkHeaderSize];
        while (chunks.Count < MaxChunks && offset + ChunkHeaderSize <= length && ReadFully(file, h, offset))
        {
            uint tag = BinaryPrimitives.ReadUInt32LittleEndian(h);
            uint vcpu = BinaryPrimitives.ReadUInt32LittleEndian(h[ChunkVcpuOffset..]);
            uint records = BinaryPrimitives.ReadUInt32LittleEndian(h[ChunkRecordsOffset..]);
            uint payload = BinaryPrimitives.ReadUInt32LittleEndian(h[ChunkPayloadOffset..]);
            ulong sequence = BinaryPrimitives.ReadUInt64LittleEndian(h[ChunkSequenceOffset..]);
            // The reader's own checks decide what is wrong; the walk only stops before anything it would refuse.
            if (tag != ChunkTag || sequence != state.Sequence || vcpu >= (uint)header.VcpuSlots || records == 0
                || payload > MaxPayload || (ulong)records * MinRecordSize > payload || (ulong)records * MaxRecordSize < payload
                || offset + ChunkHeaderSize + payload > length)
            {
                break;
            }

            chunks.Add(new BlockChunk(offset, ChunkHeaderSize + payload, records, state));
            state = state.After(header, vcpu, BinaryPrimitives.ReadUInt64LittleEndian(h[ChunkMonotonicOffset..]),
                BinaryPrimitives.ReadUInt64LittleEndian(h[ChunkTicksOffset..]));
            offset += ChunkHeaderSize + payload;
        }

        return new BlockChunkIndex(chunks, offset, state);
    }

    private static bool ReadFully(SafeFileHandle file, Span<byte> into, long offset)
    {
        int done = 0;
        while (done < into.Length)
        {
            int n = RandomAccess.Read(file, into[done..], offset + done);
            if (n <= 0)
            {
                return false;
            }

            done += n;
        }

        return true;
    }
}
