using QemuTrace.Formats;
using QemuTrace.Formats.Blocks;
using QemuTrace.Formats.Columns;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Formats;

/// <summary>
/// Issue 14 (big captures): the block reader's column fast path gives, column by column, what <see cref="ITraceReader.Read"/>
/// gives record by record, with the same statistics, warnings and errors, whatever the column capacity.
/// </summary>
public class BlockColumnReadingTests
{
    public static TheoryData<string, int, bool> Captures()
    {
        var data = new TheoryData<string, int, bool>();
        // Capacities 1 and 3 run on cut and damaged captures below (a record per call over millions of blocks is slow, not stronger).
        data.Add("boot", 4096, true);
        data.Add("boot", 16384, true);
        data.Add("same-run", 16384, true);
        data.Add("same-run", 16384, false);

        return data;
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void The_bundled_captures_give_the_records_of_Read_in_columns(string capture, int capacity, bool bmi2)
    {
        var bytes = capture == "boot" ? BlockCaptures.Boot : BlockCaptures.SameRun;

        var outcome = WithDecoder(bmi2, () => CompareBothWays(bytes, capacity));

        Assert.Null(outcome.Error);
        Assert.True(outcome.Records > 1_000_000, $"{outcome.Records} records");
        Assert.NotNull(outcome.Trailer);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(2, 4096)]
    [InlineData(3, 16384)]
    [InlineData(5, 3)]
    [InlineData(7, 16384)]
    public void A_capture_cut_inside_a_chunk_gives_the_same_records_warnings_and_statistics(int fraction, int capacity)
    {
        var full = BlockCaptures.Boot;
        var cut = full[..((full.Length / fraction) + 17)];

        var outcome = CompareBothWays(cut, capacity);

        Assert.Null(outcome.Error);
        Assert.NotNull(outcome.TruncatedAt);
        Assert.Contains(outcome.Warnings, w => w.Contains("ends inside chunk", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("varint", 1)]
    [InlineData("varint", 16384)]
    [InlineData("instructions", 4096)]
    [InlineData("records", 16384)]
    [InlineData("tag", 3)]
    public void A_damaged_capture_gives_the_same_error_after_the_same_records(string damage, int capacity)
    {
        var bytes = (byte[])BlockCaptures.SameRun.Clone();
        int middle = bytes.Length / 2;
        switch (damage)
        {
            case "varint":
                // Eleven continuation bytes: a varint longer than 10 bytes inside a chunk.
                bytes.AsSpan(middle, 11).Fill(0xff);
                break;
            case "instructions":
                // Time delta 0, PC delta 0, then 2^35 instructions, at a record boundary found by Read().
                int at = RecordStartNear(bytes, middle);
                byte[] record = [0, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01];
                record.CopyTo(bytes, at);
                break;
            case "records":
                // The first chunk declares one record fewer than it holds.
                int records = BitConverter.ToInt32(bytes, 64 + 8);
                BitConverter.GetBytes(records - 1).CopyTo(bytes, 64 + 8);
                break;
            default:
                // The second chunk's tag.
                int payload = BitConverter.ToInt32(bytes, 64 + 12);
                bytes[64 + 40 + payload] ^= 0x20;
                break;
        }

        var outcome = CompareBothWays(bytes, capacity);

        Assert.NotNull(outcome.Error);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Tick_counts_whose_ns_overflow_saturate_in_columns_as_they_do_record_by_record(bool vectors)
    {
        // The chunk's clock pair makes a tick 2^60 ns: from the third record on, ticks times that are beyond 2^63 (and,
        // for ticks before the segment's start, below -2^63), which the conversion must saturate exactly as Read() does.
        var header = new BlockTraceHeader(BlockTraceLayout.FormatVersion, BlockClockSource.Tsc, 5_000, 1UL << 45, 1,
            BlockStartCondition.Reset, 0, 1, 1, 1);
        var bytes = BlockCaptures.Build(writer =>
        {
            for (int i = 0; i < 200; i++)
            {
                ulong ticks = i < 40 ? (1UL << 45) + (ulong)(i / 16) : i % 3 == 0 ? (ulong)i : (1UL << 45) + (1UL << 40) + (ulong)i;
                writer.Add(0, ticks, 0xffffffff81000000UL + (ulong)(i * 16), (uint)(i % 7) + 1);
            }

            writer.Finish(5_000 + (1UL << 62), (1UL << 45) + 4);
        }, header);

        var outcome = WithDecoder(true, () =>
        {
            bool before = BlockTraceReader.UseAvx512;
            BlockTraceReader.UseAvx512 = vectors && before;
            try
            {
                return CompareBothWays(bytes, 256);
            }
            finally
            {
                BlockTraceReader.UseAvx512 = before;
            }
        });

        Assert.Null(outcome.Error);
        Assert.Equal(200, outcome.Records);
    }

    [Fact]
    public void Read_and_columns_can_be_mixed_in_trace_order()
    {
        var bytes = BlockCaptures.SameRun[..4_000_000];
        var reference = new List<(ulong Ns, ulong Pc, ulong Insns)>();
        using (var reader = BlockCaptures.Open(bytes))
        {
            var record = default(TraceRecord);
            while (reader.Read(ref record))
            {
                reference.Add((record.TimestampNs, record.Arguments[0], record.Arguments[1]));
            }
        }

        var mixed = new List<(ulong Ns, ulong Pc, ulong Insns)>();
        using (var reader = BlockCaptures.Open(bytes))
        {
            var columns = new RecordColumns(777);
            var record = default(TraceRecord);
            for (int step = 0; ; step++)
            {
                if (step % 2 == 0)
                {
                    if (!RecordColumnReading.Fill(reader, columns))
                    {
                        break;
                    }

                    for (int i = 0; i < columns.Count; i++)
                    {
                        mixed.Add((columns.TimestampNs[i], columns.Pc[i], (ulong)columns.Instructions[i]));
                    }
                }
                else
                {
                    for (int i = 0; i < 5 && reader.Read(ref record); i++)
                    {
                        mixed.Add((record.TimestampNs, record.Arguments[0], record.Arguments[1]));
                    }
                }
            }
        }

        Assert.Equal(reference.Count, mixed.Count);
        Assert.True(reference.SequenceEqual(mixed));
    }

    private sealed record Outcome(long Records, string? Error, long? TruncatedAt, IReadOnlyList<string> Warnings, BlockTraceTrailer? Trailer);

    /// <summary>
    /// Reads <paramref name="bytes"/> with Read() and, side by side, through <see cref="RecordColumnReading.Fill"/>;
    /// asserts every column of every record, the statistics, warnings and any error are equal.
    /// </summary>
    private static Outcome CompareBothWays(byte[] bytes, int capacity)
    {
        using var reference = BlockCaptures.Open(bytes);
        using var fast = BlockCaptures.Open(bytes);
        Assert.IsAssignableFrom<IRecordColumnReader>(fast);
        var columns = new RecordColumns(capacity);
        var record = default(TraceRecord);
        long records = 0;
        string? referenceError = null;
        string? fastError = null;
        bool referenceEnded = false;
        while (true)
        {
            bool any;
            try
            {
                any = RecordColumnReading.Fill(fast, columns);
            }
            catch (TraceFormatException e)
            {
                fastError = e.Message;
                any = columns.Count > 0;
            }

            for (int i = 0; i < columns.Count; i++, records++)
            {
                Assert.True(reference.Read(ref record), $"Read() ended at record {records}, the columns go on");

                // Plain comparisons per record (millions of them); a difference fails with both sides.
                if (record.EventIndex != columns.EventIndex[i] || !columns.IsBlock[i] || record.TimestampNs != columns.TimestampNs[i]
                    || record.Arguments[0] != columns.Pc[i] || (long)record.Arguments[1] != columns.Instructions[i]
                    || record.ArgumentCount != columns.ArgumentCounts[i])
                {
                    Assert.Fail($"record {records}: Read() gives event {record.EventIndex}, {record.TimestampNs} ns, pc 0x{record.Arguments[0]:x}, {record.Arguments[1]} insns, {record.ArgumentCount} args; " +
                        $"the columns give event {columns.EventIndex[i]} (block {columns.IsBlock[i]}), {columns.TimestampNs[i]} ns, pc 0x{columns.Pc[i]:x}, {columns.Instructions[i]} insns, {columns.ArgumentCounts[i]} args");
                }
            }

            Assert.True(columns.Count == 0 || columns.HasInstructions);
            Assert.Empty(columns.DroppedAt);
            if (fastError is not null || !any)
            {
                break;
            }

            Assert.Equal(reference.Statistics.Records, fast.Statistics.Records);
        }

        try
        {
            referenceEnded = !reference.Read(ref record);
        }
        catch (TraceFormatException e)
        {
            referenceError = e.Message;
        }

        Assert.Equal(referenceError, fastError);
        if (fastError is null)
        {
            Assert.True(referenceEnded, $"Read() goes on after the {records} records of the columns");
            Assert.False(RecordColumnReading.Fill(fast, columns));
        }

        Assert.Equal(reference.Events.All.Select(e => e.Name), fast.Events.All.Select(e => e.Name));
        var expected = reference.Statistics;
        var actual = fast.Statistics;
        Assert.Equal(expected.Records, actual.Records);
        if (fastError is null)
        {
            // (Read() counts the record whose end proves its chunk damaged before it throws, and so do the columns.)
            Assert.Equal(records, actual.Records);
        }
        Assert.Equal(expected.RecordsPerEvent, actual.RecordsPerEvent);
        Assert.Equal(expected.OutOfOrder, actual.OutOfOrder);
        Assert.Equal(expected.BytesRead, actual.BytesRead);
        Assert.Equal(expected.TruncatedAt, actual.TruncatedAt);
        Assert.Equal(expected.Warnings, actual.Warnings);
        Assert.Equal(expected.DroppedRecords, actual.DroppedRecords);
        Assert.Equal(reference.Instructions, fast.Instructions);
        Assert.Equal(reference.Chunks, fast.Chunks);
        Assert.Equal(reference.Trailer, fast.Trailer);
        return new Outcome(records, fastError, actual.TruncatedAt, actual.Warnings, fast.Trailer);
    }

    /// <summary>Where the first record at or after <paramref name="offset"/> starts, by Read()'s positions.</summary>
    private static int RecordStartNear(byte[] bytes, int offset)
    {
        using var reader = BlockCaptures.Open(bytes);
        var record = default(TraceRecord);
        while (reader.Read(ref record))
        {
            if (record.Position >= offset)
            {
                return (int)record.Position;
            }
        }

        throw new InvalidOperationException("no record after the offset");
    }

    private static T WithDecoder<T>(bool bmi2, Func<T> body)
    {
        // Off: the portable decoder and the scalar tick conversion; on: whatever this CPU has.
        bool before = BlockTraceReader.UseBmi2;
        bool vectors = BlockTraceReader.UseAvx512;
        BlockTraceReader.UseBmi2 = bmi2 && before;
        BlockTraceReader.UseAvx512 = bmi2 && vectors;
        try
        {
            return body();
        }
        finally
        {
            BlockTraceReader.UseBmi2 = before;
            BlockTraceReader.UseAvx512 = vectors;
        }
    }
}
