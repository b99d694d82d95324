using QemuTrace.Formats.Blocks;

namespace QemuTrace.Tests.Support;

/// <summary>Builds small qtrace-blocks captures in memory with <see cref="BlockTraceWriter"/>.</summary>
public static class BlockCaptures
{
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
}
