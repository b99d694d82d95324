using QemuTrace.Formats;
using QemuTrace.Formats.Blocks;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Formats;

public class BlockTraceReaderTests : IDisposable
{
    private const ulong Kernel = 0xffffffff81000000;
    private const ulong User = 0x401000;

    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>Three blocks in one chunk, a second chunk, and the trailer (monotonic clock: ticks are ns).</summary>
    private static byte[] ThreeAndOne() => BlockCaptures.Build(w =>
    {
        w.Add(0, 1_000, Kernel, 5);
        w.Add(0, 1_250, User, 12);
        w.Add(0, 1_200_000, Kernel + 0x40, 1);
        w.EndChunk(0, 1_300_000, 1_300_000);
        w.Add(0, 1_400_000, Kernel, 7);
        w.Finish(1_500_000, 1_500_000);
    });

    [Fact]
    public void Records_come_back_as_exec_tb_with_pc_instructions_and_vcpu()
    {
        using var reader = BlockCaptures.Open(ThreeAndOne());
        var records = Traces.ReadAll(reader).Select(r => $"{r.Event} {r.Time} vcpu={r.Pid} pc=0x{r.Args[0]:x} insns={r.Args[1]}");

        Assert.Equal(
            ["exec_tb 1000 vcpu=0 pc=0xffffffff81000000 insns=5", "exec_tb 1250 vcpu=0 pc=0x401000 insns=12",
             "exec_tb 1200000 vcpu=0 pc=0xffffffff81000040 insns=1", "exec_tb 1400000 vcpu=0 pc=0xffffffff81000000 insns=7"],
            records);
        var info = reader.Events[0];
        Assert.Equal(TraceEventKind.ExecTb, info.Kind);
        Assert.Equal(0, info.PcArgument);
        Assert.Equal(1, info.InstructionsArgument);
        Assert.Equal(new BlockTraceTrailer(2, 4, 4, 25, 1_500_000, 1_500_000), reader.Trailer);
        Assert.Equal(25UL, reader.Instructions);
        Assert.Empty(reader.Statistics.Warnings);
        Assert.Null(reader.Statistics.TruncatedAt);
    }

    [Fact]
    public void Tsc_ticks_become_nanoseconds_between_the_clock_pairs_around_each_chunk()
    {
        // 3 ticks per ns in the first chunk, 2 in the second; pairs at install (ns 0, tick 300) and at each write.
        var header = new BlockTraceHeader(1, BlockClockSource.Tsc, 0, 300, 3_000_000_000, BlockStartCondition.Pc, 0x1000000, 1, 1, 1);
        var bytes = BlockCaptures.Build(w =>
        {
            w.Add(0, 600, Kernel, 1);    // 100 ns after install
            w.Add(0, 3_300, Kernel, 1);  // 1,000 ns
            w.EndChunk(0, 1_000, 3_300);
            w.Add(0, 5_300, Kernel, 1);  // 1,000 + 2,000 / 2 = 2,000 ns
            w.EndChunk(0, 3_000, 7_300);
            w.Finish(3_000, 7_300);
        }, header);

        using var reader = BlockCaptures.Open(bytes);

        Assert.Equal([100UL, 1_000UL, 2_000UL], Traces.ReadAll(reader).Select(r => r.Time));
        Assert.Equal(BlockStartCondition.Pc, reader.Header.Start);
        Assert.Equal(0x1000000UL, reader.Header.StartPc);
    }

    [Fact]
    public void The_format_is_sniffed_from_its_magic_also_when_gzipped()
    {
        var bytes = ThreeAndOne();
        var plain = _files.Write("boot.qtb", bytes);
        var gz = _files.PathOf("boot.qtb.gz");
        using (var file = File.Create(gz))
        using (var zip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
        {
            zip.Write(bytes);
        }

        Assert.Equal(TraceFormat.Blocks, TraceFile.Sniff(plain));
        using var reader = TraceFile.Open(gz);
        Assert.Equal(TraceFormat.Blocks, reader.Format);
        Assert.Equal(4, Traces.ReadAll(reader).Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(30)]
    public void A_file_cut_inside_a_record_yields_every_complete_record_and_a_warning(int cutBytes)
    {
        var full = BlockCaptures.Build(w =>
        {
            for (uint i = 0; i < 100; i++)
            {
                w.Add(0, 1_000 + (i * 1_000_000), Kernel + (i * 0x1234567), 3 + i);
            }

            w.Finish(200_000_000, 200_000_000);
        });
        // Cut the trailer and cutBytes of the chunk's end.
        var cut = full[..(full.Length - 56 - cutBytes)];

        using var reader = BlockCaptures.Open(cut);
        var records = Traces.ReadAll(reader);

        Assert.InRange(records.Count, 90, 99);
        Assert.Equal(Enumerable.Range(0, records.Count).Select(i => 1_000 + ((ulong)i * 1_000_000)), records.Select(r => r.Time));
        Assert.NotNull(reader.Statistics.TruncatedAt);
        Assert.Null(reader.Trailer);
        Assert.Contains(reader.Statistics.Warnings, w => w.Contains("no trailer", StringComparison.Ordinal) && w.Contains($"after {records.Count} of its 100 records", StringComparison.Ordinal));
    }

    [Fact]
    public void A_capture_without_trailer_is_read_whole_with_a_warning()
    {
        var bytes = BlockCaptures.Build(w =>
        {
            w.Add(0, 10, Kernel, 1);
            w.EndChunk(0, 20, 20);
        });

        using var reader = BlockCaptures.Open(bytes);

        Assert.Single(Traces.ReadAll(reader));
        Assert.Null(reader.Statistics.TruncatedAt);
        Assert.Contains(reader.Statistics.Warnings, w => w.Contains("has no trailer", StringComparison.Ordinal));
    }

    [Fact]
    public void A_trailer_that_disagrees_with_the_chunks_is_an_error_at_its_offset()
    {
        var bytes = ThreeAndOne();
        int trailer = bytes.Length - 56;
        bytes[trailer + 16] = 5; // records written: 5 instead of 4

        var e = Assert.Throws<TraceFormatException>(() => Traces.ReadAll(BlockCaptures.Open(bytes)));

        Assert.Equal($"test.qtb: byte offset {trailer}: the trailer counts 5 records in 2 chunks, but the file holds 4 in 2; the file is damaged", e.Message);
    }

    [Fact]
    public void Fewer_blocks_than_the_inline_counter_saw_is_a_warning()
    {
        var bytes = BlockCaptures.Build(w =>
        {
            w.Add(0, 10, Kernel, 1);
            w.Finish(20, 20, inlineBlocks: 3, inlineInstructions: 3);
        });

        using var reader = BlockCaptures.Open(bytes);
        Traces.ReadAll(reader);

        Assert.Contains(reader.Statistics.Warnings, w => w.Contains("inline counter saw 3 block executions but 1 were recorded", StringComparison.Ordinal));
    }

    [Fact]
    public void A_damaged_tag_is_an_error_naming_its_offset_and_what_was_expected()
    {
        var bytes = ThreeAndOne();
        int second = FindChunk(bytes, 1);
        bytes[second] = (byte)'X';

        var e = Assert.Throws<TraceFormatException>(() => Traces.ReadAll(BlockCaptures.Open(bytes)));

        Assert.Equal($"test.qtb: byte offset {second}: expected a chunk (tag CHNK) or the trailer (TRLR), found 0x4b4e4858; the file is damaged", e.Message);
    }

    [Fact]
    public void A_missing_chunk_is_an_error()
    {
        var bytes = ThreeAndOne();
        int second = FindChunk(bytes, 1);
        bytes[second + 16] = 7; // sequence number

        var e = Assert.Throws<TraceFormatException>(() => Traces.ReadAll(BlockCaptures.Open(bytes)));

        Assert.Contains($"byte offset {second}: chunk number 7 where chunk 1 was expected", e.Message);
    }

    [Fact]
    public void A_record_running_past_its_chunk_is_an_error()
    {
        var bytes = ThreeAndOne();
        int second = FindChunk(bytes, 1);
        // The first chunk's last record (at 64 + 40 + 8 + 8): its instruction count, the chunk's last byte, gets a continuation bit.
        bytes[second - 1] |= 0x80;

        var e = Assert.Throws<TraceFormatException>(() => Traces.ReadAll(BlockCaptures.Open(bytes)));

        Assert.Contains("a record runs past the end of its chunk; the file is damaged", e.Message);
        Assert.Contains("byte offset 120", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_capture_is_refused_at_the_header()
    {
        var bytes = ThreeAndOne();
        bytes[8] = 9; // format version

        var e = Assert.Throws<TraceFormatException>(() => BlockCaptures.Open(bytes));

        Assert.Equal("test.qtb: byte offset 8: format version 9, and this qtrace reads version 1; use the qtrace that matches the plugin that wrote it", e.Message);
        var shortFile = Assert.Throws<TraceFormatException>(() => BlockCaptures.Open(bytes[..20]));
        Assert.Contains("fewer than the 64-byte qtrace-blocks header", shortFile.Message);
    }

    [Fact]
    public void Chunks_of_several_vcpus_are_read_with_a_warning_about_attribution()
    {
        var bytes = BlockCaptures.Build(w =>
        {
            w.Add(0, 10, Kernel, 1);
            w.Add(1, 11, User, 2);
            w.Finish(20, 20);
        }, BlockTraceWriter.MonotonicHeader(vcpuSlots: 2));

        using var reader = BlockCaptures.Open(bytes);
        var records = Traces.ReadAll(reader);

        Assert.Equal([0u, 1u], records.Select(r => r.Pid));
        Assert.Contains(reader.Statistics.Warnings, w => w.Contains("more than one vCPU", StringComparison.Ordinal));
    }

    /// <summary>Byte offset of the <paramref name="index"/>th chunk header.</summary>
    private static int FindChunk(byte[] bytes, int index)
    {
        int at = 64;
        for (int i = 0; i < index; i++)
        {
            at += 40 + BitConverter.ToInt32(bytes, at + 12);
        }

        return at;
    }
}
