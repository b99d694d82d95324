using System.Buffers.Binary;
using System.IO.Compression;
using QemuTrace.Formats;

namespace QemuTrace.Tests.Support;

/// <summary>The real boot trace of data/boot as bytes (a decompressed prefix), and corrupted copies of it.</summary>
public static class RealTraceBytes
{
    public static readonly string TracePath = RepositoryData.PathOf("boot", "trace-simple-v4.bin.gz");

    public static readonly string EventsPath = RepositoryData.PathOf("boot", "trace-events-all");

    private static readonly Lazy<byte[]> CachedPrefix = new(() => ReadPrefix(4 << 20));

    /// <summary>The first 4 MiB of the decompressed real trace (ends inside a record, which readers report as truncated).</summary>
    public static byte[] Prefix => CachedPrefix.Value;

    /// <summary>A copy of <see cref="Prefix"/> with bit <paramref name="bit"/> of record <paramref name="recordIndex"/>'s timestamp flipped.</summary>
    public static byte[] WithTimestampBitFlipped(int recordIndex, int bit)
    {
        var bytes = (byte[])Prefix.Clone();
        using var reader = TraceFile.Open(Write(bytes), TraceEventsFile.Load(EventsPath));
        var record = default(TraceRecord);
        for (int i = 0; i <= recordIndex; i++)
        {
            Assert.True(reader.Read(ref record));
        }

        // The timestamp field sits a few bytes into the record (after the v4 record type and the event id).
        for (long at = record.Position; at < record.Position + 40; at++)
        {
            if (BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)at)) == record.TimestampNs)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((int)at), record.TimestampNs ^ (1UL << bit));
                return bytes;
            }
        }

        throw new InvalidOperationException($"timestamp of record {recordIndex} not found");
    }

    /// <summary>Writes <paramref name="bytes"/> to a fresh temporary file and returns its path.</summary>
    public static string Write(byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"qtrace-real-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] ReadPrefix(int length)
    {
        using var gzip = new GZipStream(File.OpenRead(TracePath), CompressionMode.Decompress);
        var buffer = new byte[length];
        int total = 0;
        while (total < length && gzip.Read(buffer, total, length - total) is int n and > 0)
        {
            total += n;
        }

        return buffer[..total];
    }
}
