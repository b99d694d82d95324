using QemuTrace.Formats.Blocks;

namespace QemuTrace.Tests.Support;

/// <summary>Builds small qtrace-blocks captures in memory with <see cref="BlockTraceWriter"/>.</summary>
public static class BlockCaptures
{
    private static readonly Lazy<byte[]> BootBytes = new(() => Decompress(RepositoryData.PathOf("blocks", "init-to-poweroff.qtb.gz")));

    private static readonly Lazy<byte[]> SameRunBytes = new(() => Decompress(RepositoryData.PathOf("blocks", "same-run", "exact.qtb.gz")));

    /// <summary>The bundled capture of a real boot from init's exec to power-off (data/blocks), decompressed once.</summary>
    public static byte[] Boot => BootBytes.Value;

    /// <summary>The bundled capture recorded in the same run as an exec_tb trace (data/blocks/same-run), decompressed once.</summary>
    public static byte[] SameRun => SameRunBytes.Value;

    public static byte[] Decompress(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress);
        var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }

    public static byte[] Build(Action<BlockTraceWriter> body, BlockTraceHeader? header = null)
    {
        var stream = new MemoryStream();
        using (var writer = new BlockTraceWriter(stream, header ?? BlockTraceWriter.MonotonicHeader(), leaveOpen: true))
        {
            body(writer);
        }

        return stream.ToArray();
    }

    public static BlockTraceReader Open(byte[] bytes) => new(new MemoryStream(bytes), "test.qtb");

    /// <summary>
    /// Reads a capture to its end and asserts the trailer's counts (records, inline blocks, instructions) equal what was
    /// read; returns the reader, at the end, and the records read.
    /// </summary>
    public static (BlockTraceReader Reader, long Records) ReadAgainstTrailer(string path)
    {
        var reader = (BlockTraceReader)QemuTrace.Formats.TraceFile.Open(path);
        var record = default(QemuTrace.Formats.TraceRecord);
        long records = 0;
        while (reader.Read(ref record))
        {
            records++;
        }

        var trailer = reader.Trailer;
        Assert.NotNull(trailer);
        Assert.Equal((ulong)records, trailer.Records);
        Assert.Equal(trailer.InlineBlocks, trailer.Records);
        Assert.Equal(trailer.InlineInstructions, reader.Instructions);
        return (reader, records);
    }
}
