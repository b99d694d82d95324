using System.Text.Json;
using QemuTrace.Analysis;
using QemuTrace.Analysis.Passes;
using QemuTrace.Formats;
using QemuTrace.Formats.Blocks;
using QemuTrace.Formats.Columns;
using QemuTrace.Symbols;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Formats;

/// <summary>
/// Issue 14 (big captures): an every-block capture file's chunks decoded on several threads give, in file order, the
/// records, statistics, warnings and errors of one reader from the start, for whole, cut and damaged captures.
/// </summary>
public sealed class ParallelBlockColumnsTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("boot", 2, 65536)]
    [InlineData("boot", 3, 4096)]
    [InlineData("same-run", 2, 16384)]
    [InlineData("same-run", 5, 1000)]
    public void The_bundled_captures_decoded_on_several_threads_give_what_one_reader_gives(string capture, int workers, int capacity)
    {
        var bytes = capture == "boot" ? BlockCaptures.Boot : BlockCaptures.SameRun;

        var (sequential, parallel) = BothWays(bytes, workers, capacity);

        Assert.True(parallel.Parallel, "the chunks were not decoded in parallel");
        Assert.False(sequential.Parallel);
        Assert.Null(parallel.Error);
        Assert.NotNull(parallel.Trailer);
        Assert.True(parallel.Records.Count > 1_000_000, $"{parallel.Records.Count} records");
        AssertSame(sequential, parallel);
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(7, 2)]
    public void A_capture_cut_inside_a_chunk_gives_every_complete_record_and_the_same_warning(int fraction, int workers)
    {
        var full = BlockCaptures.Boot;
        var cut = full[..((full.Length / fraction) + 17)];

        var (sequential, parallel) = BothWays(cut, workers, 16384);

        Assert.True(parallel.Parallel);
        Assert.NotNull(parallel.TruncatedAt);
        Assert.Contains(parallel.Warnings, w => w.Contains("ends inside chunk", StringComparison.Ordinal));
        AssertSame(sequential, parallel);
    }

    [Fact]
    public void A_capture_without_its_trailer_warns_with_the_count_of_every_record()
    {
        // The file ends right after a whole chunk: no trailer, so the warning counts what all the threads read.
        var full = BlockCaptures.SameRun;
        var index = BlockChunkIndex.Scan(Handle(full, out var file), full.Length, BlockCaptures.Open(full).Header);
        var last = index.Chunks[index.Chunks.Count / 2];
        file.Dispose();
        var cut = full[..(int)(last.Offset + last.Length)];

        var (sequential, parallel) = BothWays(cut, 2, 16384);

        Assert.True(parallel.Parallel);
        Assert.Contains(parallel.Warnings, w => w.Contains("has no trailer", StringComparison.Ordinal) && w.Contains($"all {parallel.Records.Count} records", StringComparison.Ordinal));
        AssertSame(sequential, parallel);
    }

    [Theory]
    [InlineData("varint")]
    [InlineData("records")]
    [InlineData("tag")]
    public void A_damaged_capture_fails_with_the_message_of_one_reader(string damage)
    {
        var bytes = (byte[])BlockCaptures.SameRun.Clone();
        switch (damage)
        {
            case "varint":
                // Eleven continuation bytes in the middle of the file: a varint longer than 10 bytes inside a chunk.
                bytes.AsSpan(bytes.Length / 2, 11).Fill(0xff);
                break;
            case "records":
                // The third chunk declares one record fewer than it holds.
                long third = ChunkOffsets(bytes)[2];
                int records = BitConverter.ToInt32(bytes, (int)third + 8);
                BitConverter.GetBytes(records - 1).CopyTo(bytes, (int)third + 8);
                break;
            default:
                // A tag two thirds in: the walk stops there and the tail reader meets it in file order.
                var offsets = ChunkOffsets(bytes);
                bytes[offsets[offsets.Count * 2 / 3]] ^= 0x20;
                break;
        }

        var (sequential, parallel) = BothWays(bytes, 2, 16384);

        Assert.True(parallel.Parallel);
        Assert.NotNull(sequential.Error);
        Assert.Equal(sequential.Error, parallel.Error);
    }

    [Fact]
    public void Chunks_of_several_vcpus_warn_once_and_count_records_out_of_order_across_chunk_edges()
    {
        // From chunk 5 on the vCPUs alternate, and each of vCPU 1's chunks starts before the previous chunk ended.
        var bytes = BlockCaptures.Build(writer =>
        {
            for (int chunk = 0; chunk < 12; chunk++)
            {
                int vcpu = chunk < 5 ? 0 : chunk % 2;
                ulong start = (ulong)(1000 * (chunk + 1)) - (vcpu == 1 ? 800UL : 0);
                for (int i = 0; i < 300; i++)
                {
                    writer.Add(vcpu, start + (ulong)(2 * i), 0xffffffff81000000UL + (ulong)(i * 12), (uint)(i % 9) + 1);
                }

                writer.EndChunk(vcpu, start + 600, start + 600);
            }

            writer.Finish(20_000, 20_000);
        }, BlockTraceWriter.MonotonicHeader(vcpuSlots: 2));

        var (sequential, parallel) = BothWays(bytes, 3, 128);

        Assert.True(parallel.Parallel);
        Assert.Single(parallel.Warnings, w => w.Contains("more than one vCPU", StringComparison.Ordinal));
        Assert.Equal(4, parallel.OutOfOrder);
        AssertSame(sequential, parallel);
    }

    [Fact]
    public void Chunks_beyond_the_index_limit_are_read_in_file_order_after_the_parallel_ones()
    {
        int before = BlockChunkIndex.MaxChunks;
        BlockChunkIndex.MaxChunks = 5;
        try
        {
            var (sequential, parallel) = BothWays(BlockCaptures.SameRun, 2, 16384);

            Assert.True(parallel.Parallel);
            Assert.True(parallel.Chunks > 5, $"{parallel.Chunks} chunks");
            Assert.NotNull(parallel.Trailer);
            AssertSame(sequential, parallel);
        }
        finally
        {
            BlockChunkIndex.MaxChunks = before;
        }
    }

    [Fact]
    public void Every_analysis_of_the_bundled_capture_is_the_same_with_its_chunks_decoded_on_three_threads()
    {
        var path = _files.Write("boot.qtb", BlockCaptures.Boot);
        var symbols = new Symbolizer([ElfSymbolReader.Load(RepositoryData.PathOf("boot", "vmlinux-symbols.gz"))]);

        string Analyze(TraceReading reading)
        {
            using var reader = TraceFile.Open(path);
            var options = new BootAnalysisOptions { BinNs = 1_000_000, TrackedFunctions = ["schedule", "do_idle"], Reading = reading };
            var analysis = BootAnalyzer.Run(reader, new SymbolizerPcSource(symbols), options);
            return JsonSerializer.Serialize(new { analysis, reader.Statistics });
        }

        string one = Analyze(new TraceReading(DecodeWorkers: 1));
        string three = Analyze(new TraceReading(ColumnCapacity: 4096, DecodeWorkers: 3));

        Assert.Contains("\"Records\":", one);
        Assert.Equal(one, three);
    }

    private sealed record Outcome(
        bool Parallel, List<(ulong Ns, ulong Pc, long Insns)> Records, string? Error, long StatisticsRecords, long OutOfOrder,
        long BytesRead, long? TruncatedAt, IReadOnlyList<string> Warnings, ulong Instructions, ulong Chunks, BlockTraceTrailer? Trailer);

    private (Outcome Sequential, Outcome Parallel) BothWays(byte[] bytes, int workers, int capacity)
    {
        var path = _files.Write($"capture-{Guid.NewGuid():N}.qtb", bytes);
        return (Read(path, 1, capacity), Read(path, workers, capacity));
    }

    private static Outcome Read(string path, int workers, int capacity)
    {
        using var reader = (BlockTraceReader)TraceFile.Open(path);
        var records = new List<(ulong, ulong, long)>();
        string? error = null;
        bool parallel;
        using (var pipeline = new RecordColumnPipeline(reader, capacity: capacity, decodeWorkers: workers))
        {
            parallel = pipeline.DecodesInParallel;
            try
            {
                while (pipeline.Next() is { } run)
                {
                    for (int i = 0; i < run.Count; i++)
                    {
                        records.Add((run.TimestampNs[i], run.Pc[i], run.Instructions[i]));
                    }
                }
            }
            catch (TraceFormatException e)
            {
                error = e.Message;
            }
        }

        var s = reader.Statistics;
        return new Outcome(parallel, records, error, s.Records, s.OutOfOrder, s.BytesRead, s.TruncatedAt, s.Warnings.ToList(),
            reader.Instructions, reader.Chunks, reader.Trailer);
    }

    private static void AssertSame(Outcome expected, Outcome actual)
    {
        Assert.Equal(expected.Error, actual.Error);
        Assert.Equal(expected.Records.Count, actual.Records.Count);
        for (int i = 0; i < expected.Records.Count; i++)
        {
            if (expected.Records[i] != actual.Records[i])
            {
                Assert.Fail($"record {i}: one reader gives {expected.Records[i]}, the threads give {actual.Records[i]}");
            }
        }

        Assert.Equal(expected.StatisticsRecords, actual.StatisticsRecords);
        Assert.Equal(expected.OutOfOrder, actual.OutOfOrder);
        Assert.Equal(expected.BytesRead, actual.BytesRead);
        Assert.Equal(expected.TruncatedAt, actual.TruncatedAt);
        Assert.Equal(expected.Warnings, actual.Warnings);
        Assert.Equal(expected.Instructions, actual.Instructions);
        Assert.Equal(expected.Chunks, actual.Chunks);
        Assert.Equal(expected.Trailer, actual.Trailer);
    }

    private static List<long> ChunkOffsets(byte[] bytes)
    {
        var index = BlockChunkIndex.Scan(Handle(bytes, out var file), bytes.Length, BlockCaptures.Open(bytes).Header);
        file.Dispose();
        return index.Chunks.Select(c => c.Offset).ToList();
    }

    private static Microsoft.Win32.SafeHandles.SafeFileHandle Handle(byte[] bytes, out FileStream file)
    {
        var path = Path.GetTempFileName();
        File.WriteAllBytes(path, bytes);
        file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.DeleteOnClose);
        return file.SafeFileHandle;
    }
}
