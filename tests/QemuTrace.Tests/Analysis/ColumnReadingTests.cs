using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using QemuTrace.Analysis;
using QemuTrace.Analysis.Passes;
using QemuTrace.Formats;
using QemuTrace.Symbols;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Analysis;

/// <summary>
/// Issue 14: the analyses read runs of records as columns, decoded on a second thread. Whatever the run size and the
/// threads, every result equals the record-by-record reference path, to the last field: at run edges, across
/// repaired timestamps, dropped events and a truncated end.
/// </summary>
public class ColumnReadingTests
{
    private static readonly Lazy<Symbolizer> Symbols = new(() => new Symbolizer([ElfSymbolReader.Load(RepositoryData.PathOf("boot", "vmlinux-symbols.gz"))]));

    /// <summary>The real boot's first 4 MB (about 85,000 records) with timestamps flipped at run edges and in between.</summary>
    private static readonly Lazy<byte[]> BootWithSpikes = new(() => FlipTimestamps(RealTraceBytes.Prefix, [0, 6, 1000, 16383, 20000, 32768]));

    /// <summary>The dropped-event boot's first 12 MB: a Dropped_Event record, an out-of-order record and a cut final record.</summary>
    private static readonly Lazy<byte[]> DroppedPrefix = new(() => GzipPrefix(RepositoryData.PathOf("dropped", "trace-dropped-v4.bin.gz"), 12_000_000));

    private static readonly Lazy<string> BootReference = new(() => Analyze(BootWithSpikes.Value, new TraceReading(RecordByRecord: true)));

    private static readonly Lazy<string> DroppedReference = new(() => Analyze(DroppedPrefix.Value, new TraceReading(RecordByRecord: true)));

    [Theory]
    [InlineData(1, false)]
    [InlineData(3, true)]
    [InlineData(7, true)]
    [InlineData(1000, false)]
    [InlineData(16384, true)]
    public void The_boot_with_corrupt_timestamps_at_run_edges_gives_the_record_by_record_results(int runSize, bool readAhead)
    {
        string columns = Analyze(BootWithSpikes.Value, new TraceReading(runSize, readAhead));

        Assert.Contains("\"CorruptTimestamps\":6", BootReference.Value);
        Assert.Equal(BootReference.Value, columns);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(5, true)]
    [InlineData(16384, true)]
    public void A_trace_with_dropped_events_and_a_cut_end_gives_the_record_by_record_results(int runSize, bool readAhead)
    {
        string columns = Analyze(DroppedPrefix.Value, new TraceReading(runSize, readAhead));

        Assert.Contains("\"DroppedRecords\":1", DroppedReference.Value);
        Assert.Contains("\"TruncatedAt\":11999978", DroppedReference.Value);
        Assert.Equal(DroppedReference.Value, columns);
    }

    [Fact]
    public void A_damaged_record_after_many_runs_fails_with_the_reader_message_on_the_calling_thread()
    {
        var bytes = (byte[])RealTraceBytes.Prefix.Clone();
        using (var probe = TraceFile.Open(RealTraceBytes.Write(bytes), TraceEventsFile.Load(RealTraceBytes.EventsPath)))
        {
            var record = default(TraceRecord);
            for (int i = 0; i <= 50_000; i++)
            {
                Assert.True(probe.Read(ref record));
            }

            // The v4 record type of record 50,000: neither a mapping (0) nor an event (1).
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((int)record.Position), 7);
        }

        var error = Assert.Throws<TraceFormatException>(() => Analyze(bytes, new TraceReading(1000)));

        Assert.Contains("unknown record type 7", error.Message);
    }

    /// <summary>Every result of the analysis and every reader counter, as JSON.</summary>
    private static string Analyze(byte[] bytes, TraceReading reading)
    {
        var path = RealTraceBytes.Write(bytes);
        try
        {
            using var reader = TraceFile.Open(path, TraceEventsFile.Load(RealTraceBytes.EventsPath));
            var options = new BootAnalysisOptions { BinNs = 1_000_000, TrackedFunctions = ["schedule", "do_idle"], Reading = reading };
            var analysis = BootAnalyzer.Run(reader, new SymbolizerPcSource(Symbols.Value), options);
            return JsonSerializer.Serialize(new { analysis, reader.Statistics });
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] FlipTimestamps(byte[] original, int[] records)
    {
        var bytes = (byte[])original.Clone();
        var path = RealTraceBytes.Write(original);
        try
        {
            using var reader = TraceFile.Open(path, TraceEventsFile.Load(RealTraceBytes.EventsPath));
            var record = default(TraceRecord);
            int index = 0;
            foreach (int target in records)
            {
                while (index <= target)
                {
                    Assert.True(reader.Read(ref record));
                    index++;
                }

                // A v4 event record: type (8 bytes), event id (8), timestamp.
                long at = record.Position + 16;
                Assert.Equal(record.TimestampNs, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)at)));
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((int)at), record.TimestampNs ^ (1UL << 50));
            }
        }
        finally
        {
            File.Delete(path);
        }

        return bytes;
    }

    private static byte[] GzipPrefix(string path, int length)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        var buffer = new byte[length];
        gzip.ReadExactly(buffer);
        return buffer;
    }
}
