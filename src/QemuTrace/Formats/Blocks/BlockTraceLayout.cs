namespace QemuTrace.Formats.Blocks;

/// <summary>
/// Field layout of a qtrace-blocks capture (plugin/qtrace-blocks.c, docs/block-format.md), little-endian: a 64-byte
/// file header, chunks of varint records (one vCPU each), and a 56-byte trailer.
/// </summary>
internal static class BlockTraceLayout
{
    /// <summary>The first 8 bytes of every capture: ASCII <c>QTBLOCKS</c>.</summary>
    public static ReadOnlySpan<byte> Magic => "QTBLOCKS"u8;

    /// <summary>The format version this reader and writer know.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>File header size in version 1.</summary>
    public const int HeaderSize = 64;

    /// <summary>Header: u16 format version.</summary>
    public const int VersionOffset = 8;

    /// <summary>Header: u16 header size.</summary>
    public const int HeaderSizeOffset = 10;

    /// <summary>Header: u32 clock source (<see cref="BlockClockSource"/>).</summary>
    public const int ClockOffset = 12;

    /// <summary>Header: u64 CLOCK_MONOTONIC ns when the plugin was installed.</summary>
    public const int StartMonotonicOffset = 16;

    /// <summary>Header: u64 clock ticks at the same moment.</summary>
    public const int StartTicksOffset = 24;

    /// <summary>Header: u64 ticks per second, measured over 20 ms at install (1e9 for the monotonic clock).</summary>
    public const int TicksPerSecondOffset = 32;

    /// <summary>Header: u64 start address (0 when recording from reset).</summary>
    public const int StartPcOffset = 40;

    /// <summary>Header: u32 start condition (<see cref="BlockStartCondition"/>).</summary>
    public const int StartKindOffset = 48;

    /// <summary>Header: u16 plugin API version the plugin was built against.</summary>
    public const int PluginApiOffset = 52;

    /// <summary>Header: u16 newest plugin API version of the QEMU that loaded it.</summary>
    public const int QemuApiOffset = 54;

    /// <summary>Header: u32 number of vCPU slots (QEMU's max_vcpus).</summary>
    public const int VcpuCountOffset = 56;

    /// <summary>Tag of a chunk, ASCII <c>CHNK</c> as a little-endian u32.</summary>
    public const uint ChunkTag = 0x4b4e4843;

    /// <summary>Tag of the trailer, ASCII <c>TRLR</c> as a little-endian u32.</summary>
    public const uint TrailerTag = 0x524c5254;

    /// <summary>Chunk header: u32 tag, u32 vCPU, u32 records, u32 payload bytes, u64 sequence, u64 monotonic ns, u64 ticks.</summary>
    public const int ChunkHeaderSize = 40;

    /// <summary>Chunk header: u32 vCPU index.</summary>
    public const int ChunkVcpuOffset = 4;

    /// <summary>Chunk header: u32 record count.</summary>
    public const int ChunkRecordsOffset = 8;

    /// <summary>Chunk header: u32 payload bytes after the chunk header.</summary>
    public const int ChunkPayloadOffset = 12;

    /// <summary>Chunk header: u64 sequence number, 0 for the first chunk of the file.</summary>
    public const int ChunkSequenceOffset = 16;

    /// <summary>Chunk header: u64 CLOCK_MONOTONIC ns when the chunk was written.</summary>
    public const int ChunkMonotonicOffset = 24;

    /// <summary>Chunk header: u64 clock ticks at the same moment.</summary>
    public const int ChunkTicksOffset = 32;

    /// <summary>The plugin's chunk buffer is 1 MiB; anything much larger is damage.</summary>
    public const int MaxPayload = 64 << 20;

    /// <summary>Trailer: u32 tag, u32 zero, u64 chunks, u64 records, u64 inline blocks, u64 inline instructions, u64 monotonic ns, u64 ticks.</summary>
    public const int TrailerSize = 56;

    /// <summary>Trailer: u64 chunks written.</summary>
    public const int TrailerChunksOffset = 8;

    /// <summary>Trailer: u64 records written.</summary>
    public const int TrailerRecordsOffset = 16;

    /// <summary>Trailer: u64 block executions counted by inline ops.</summary>
    public const int TrailerInlineBlocksOffset = 24;

    /// <summary>Trailer: u64 instructions counted by inline ops.</summary>
    public const int TrailerInlineInstructionsOffset = 32;

    /// <summary>Trailer: u64 CLOCK_MONOTONIC ns at exit.</summary>
    public const int TrailerMonotonicOffset = 40;

    /// <summary>Trailer: u64 ticks at exit.</summary>
    public const int TrailerTicksOffset = 48;

    /// <summary>A record is three LEB128 varints (time delta zigzag, PC delta zigzag, instructions): at most 30 bytes.</summary>
    public const int MaxRecordSize = 30;

    /// <summary>And at least 3 bytes.</summary>
    public const int MinRecordSize = 3;
}
