using QemuTrace.Formats;
using QemuTrace.Formats.Simple;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Formats;

public class SimpleTraceReaderTests
{
    private static byte[] V4WithTwoExecTb() => Traces.Build(4, w =>
    {
        w.WriteMapping(7, "exec_tb");
        w.WriteEvent(7, 1000, 42, [0x7f00, 0xfffffff0]);
        w.WriteMapping(9, "exec_tb_exit");
        w.WriteEvent(9, 1500, 42, [0x7f00, 0x2]);
    });

    [Fact]
    public void It_reads_version_4_records_with_names_from_mapping_records()
    {
        using var reader = Traces.Open(V4WithTwoExecTb());

        var records = Traces.ReadAll(reader);

        Assert.Equal(4, reader.LogVersion);
        Assert.Equal(["exec_tb", "exec_tb_exit"], records.Select(r => r.Event));
        Assert.Equal([1000UL, 1500UL], records.Select(r => r.Time));
        Assert.All(records, r => Assert.Equal(42U, r.Pid));
        Assert.Equal([0x7f00UL, 0xfffffff0], records[0].Args);
        Assert.Equal([0x7f00UL, 2], records[1].Args);
    }

    [Fact]
    public void It_reports_each_records_byte_offset()
    {
        using var reader = Traces.Open(V4WithTwoExecTb());
        var record = default(TraceRecord);

        reader.Read(ref record);
        long first = record.Position;
        reader.Read(ref record);

        // header 24 + mapping (8 + 12 + 7) = 51; then the 48-byte record and a 25-byte mapping.
        Assert.Equal(51, first);
        Assert.Equal(51 + 48 + 32, record.Position);
    }

    [Fact]
    public void A_mapping_in_the_middle_of_the_file_can_rename_an_id()
    {
        var bytes = Traces.Build(4, w =>
        {
            w.WriteMapping(1, "exec_tb");
            w.WriteEvent(1, 10, 1, [0, 0x100]);
            w.WriteMapping(1, "exec_tb_exit");
            w.WriteEvent(1, 20, 1, [0, 0x3]);
        });
        using var reader = Traces.Open(bytes);

        Assert.Equal(["exec_tb", "exec_tb_exit"], Traces.ReadAll(reader).Select(r => r.Event));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Versions_2_and_3_take_event_ids_from_the_trace_events_order(int version)
    {
        var bytes = Traces.Build(version, w =>
        {
            w.WriteEvent(0, 5, 3, [0x1, 0xffffffff81000000]);
            w.WriteEvent(2, 6, 3, [0x1, 0x0]);
        });
        using var reader = Traces.Open(bytes);

        var records = Traces.ReadAll(reader);

        Assert.Equal(["exec_tb", "exec_tb_exit"], records.Select(r => r.Event));
        Assert.Equal(0xffffffff81000000, records[0].Args[1]);
    }

    [Fact]
    public void Version_0_fixed_records_are_read_with_the_declared_argument_count()
    {
        var bytes = Traces.Build(0, w => w.WriteEvent(0, 77, 0, [0x1, 0xfe05b]));
        using var reader = Traces.Open(bytes);

        var record = Assert.Single(Traces.ReadAll(reader));

        Assert.Equal(("exec_tb", 77UL), (record.Event, record.Time));
        Assert.Equal([1UL, 0xfe05b], record.Args);
    }

    [Fact]
    public void A_version_0_record_of_an_event_with_a_string_argument_is_refused()
    {
        var bytes = Traces.Build(0, w => w.WriteEvent(3, 77, 0, [0x1, 0x2]));
        using var reader = Traces.Open(bytes);

        var e = Assert.Throws<TraceFormatException>(() => Traces.ReadAll(reader));

        Assert.Contains("guest_message has a string argument", e.Message);
    }

    [Fact]
    public void String_arguments_are_read_as_bytes()
    {
        var bytes = Traces.Build(4, w =>
        {
            w.WriteMapping(3, "guest_message");
            w.WriteEvent(3, 1, 1, "hello world", 5UL);
        });
        using var reader = Traces.Open(bytes);
        var record = default(TraceRecord);

        Assert.True(reader.Read(ref record));

        Assert.Equal("hello world"u8.ToArray(), reader.GetString(record, 0).ToArray());
        Assert.Equal(5UL, record.Arguments[1]);
    }

    [Fact]
    public void Dropped_event_records_are_counted_with_their_counts()
    {
        var bytes = Traces.Build(4, w =>
        {
            w.WriteMapping(1, "exec_tb");
            w.WriteEvent(1, 100, 1, [0, 1]);
            w.WriteDropped(300, 1, 17);
            w.WriteEvent(1, 200, 1, [0, 2]);
            w.WriteDropped(400, 1, 3);
        });
        using var reader = Traces.Open(bytes);

        var records = Traces.ReadAll(reader);

        Assert.Equal("Dropped_Event", records[1].Event);
        Assert.Equal(2, reader.Statistics.DroppedRecords);
        Assert.Equal(20UL, reader.Statistics.DroppedEvents);
        Assert.Equal(1, reader.Statistics.OutOfOrder);
    }

    [Fact]
    public void A_truncated_final_record_ends_the_read_and_records_where_it_starts()
    {
        var whole = V4WithTwoExecTb();
        var cut = whole[..^10];
        using var reader = Traces.Open(cut);

        var records = Traces.ReadAll(reader);

        Assert.Single(records);
        Assert.Equal(whole.Length - 48, reader.Statistics.TruncatedAt);
    }

    [Fact]
    public void Without_a_trace_events_file_version_4_uses_the_built_in_exec_tb_declarations()
    {
        using var reader = new SimpleTraceReader(new MemoryStream(V4WithTwoExecTb()), "t.bin", null);

        Traces.ReadAll(reader);

        Assert.Equal(["tb", "pc"], reader.Events[reader.Events.IndexOf("exec_tb")].ArgumentNames);
        Assert.Equal(["last_tb", "flags"], reader.Events[reader.Events.IndexOf("exec_tb_exit")].ArgumentNames);
    }

    [Fact]
    public void Without_a_trace_events_file_an_unknown_event_is_read_as_u64_arguments()
    {
        var bytes = Traces.Build(4, w =>
        {
            w.WriteMapping(5, "mystery");
            w.WriteEvent(5, 1, 1, [1, 2, 3]);
        });
        using var reader = new SimpleTraceReader(new MemoryStream(bytes), "t.bin", null);

        var record = Assert.Single(Traces.ReadAll(reader));

        Assert.Equal(["arg0", "arg1", "arg2"], reader.Events[reader.Events.IndexOf("mystery")].ArgumentNames);
        Assert.Equal([1UL, 2, 3], record.Args);
    }

    [Theory]
    [InlineData(0, "header id")]
    [InlineData(8, "magic")]
    public void A_file_with_a_bad_header_is_refused(int corruptAt, string expected)
    {
        var bytes = V4WithTwoExecTb();
        bytes[corruptAt] ^= 0x5a;

        var e = Assert.Throws<TraceFormatException>(() => Traces.Open(bytes));

        Assert.Contains(expected, e.Message);
        Assert.Contains($"byte offset {corruptAt}", e.Message);
    }

    [Fact]
    public void An_unsupported_log_version_is_refused()
    {
        var bytes = V4WithTwoExecTb();
        bytes[16] = 5;

        var e = Assert.Throws<TraceFormatException>(() => Traces.Open(bytes));

        Assert.Contains("unsupported log version 5", e.Message);
    }

    [Fact]
    public void A_file_shorter_than_the_header_is_refused()
    {
        var e = Assert.Throws<TraceFormatException>(() => Traces.Open([0xff, 0xff, 0xff]));

        Assert.Contains("fewer than the 24-byte simple trace header", e.Message);
    }

    [Fact]
    public void A_version_3_trace_without_trace_events_is_refused_with_what_to_pass()
    {
        var bytes = Traces.Build(3, w => w.WriteEvent(0, 1, 1, [0, 0]));

        var e = Assert.Throws<TraceFormatException>(() => new SimpleTraceReader(new MemoryStream(bytes), "t.bin", null));

        Assert.Contains("--events", e.Message);
    }

    [Fact]
    public void A_version_3_event_id_beyond_the_trace_events_file_names_the_id()
    {
        var bytes = Traces.Build(3, w => w.WriteEvent(99, 1, 1, [0, 0]));
        using var reader = Traces.Open(bytes);

        var e = Assert.Throws<TraceFormatException>(() => Traces.ReadAll(reader));

        Assert.Contains("event id 99", e.Message);
        Assert.Contains("does not match the QEMU build", e.Message);
        Assert.Contains("byte offset 24", e.Message);
    }

    [Fact]
    public void A_version_4_record_without_a_mapping_is_refused()
    {
        var bytes = Traces.Build(4, w => w.WriteEvent(12, 1, 1, [0, 0]));
        using var reader = Traces.Open(bytes);

        var e = Assert.Throws<TraceFormatException>(() => Traces.ReadAll(reader));

        Assert.Contains("event id 12 has no mapping record", e.Message);
    }

    [Fact]
    public void An_event_missing_from_an_explicit_trace_events_file_is_refused()
    {
        var bytes = Traces.Build(4, w =>
        {
            w.WriteMapping(5, "not_declared");
            w.WriteEvent(5, 1, 1, [1]);
        });
        using var reader = Traces.Open(bytes);

        var e = Assert.Throws<TraceFormatException>(() => Traces.ReadAll(reader));

        Assert.Contains("not_declared is not declared in test-events", e.Message);
    }

    [Fact]
    public void A_record_length_that_disagrees_with_the_declaration_is_refused()
    {
        var bytes = Traces.Build(4, w =>
        {
            w.WriteMapping(1, "exec_tb");
            w.WriteEventWithPayload(1, 1, 1, new byte[24], 24 + 24);
        });
        using var reader = Traces.Open(bytes);

        var e = Assert.Throws<TraceFormatException>(() => Traces.ReadAll(reader));

        Assert.Contains("24 bytes of arguments, which do not fit its declaration", e.Message);
    }

    [Fact]
    public void An_impossible_record_length_is_refused()
    {
        var bytes = Traces.Build(4, w =>
        {
            w.WriteMapping(1, "exec_tb");
            w.WriteEventWithPayload(1, 1, 1, new byte[16], 3);
        });
        using var reader = Traces.Open(bytes);

        var e = Assert.Throws<TraceFormatException>(() => Traces.ReadAll(reader));

        Assert.Contains("record length 3 is impossible", e.Message);
    }

    [Fact]
    public void An_unknown_version_4_record_type_is_refused()
    {
        var bytes = Traces.Build(4, w => w.WriteRaw(BitConverter.GetBytes(7UL).Concat(new byte[40]).ToArray()));
        using var reader = Traces.Open(bytes);

        var e = Assert.Throws<TraceFormatException>(() => Traces.ReadAll(reader));

        Assert.Contains("unknown record type 7", e.Message);
    }

    [Fact]
    public void Records_spanning_buffer_refills_are_read_intact()
    {
        const int count = 100_000;
        var bytes = Traces.Build(4, w =>
        {
            w.WriteMapping(1, "exec_tb");
            for (int i = 0; i < count; i++)
            {
                if (i == count / 2)
                {
                    w.WriteMapping(2, "exec_tb_exit");
                }

                w.WriteEvent(1, (ulong)i, 1, [(ulong)i, 0xffffffff81000000 + (ulong)i]);
            }
        });
        using var reader = Traces.Open(bytes);

        var records = Traces.ReadAll(reader);

        Assert.Equal(count, records.Count);
        Assert.All(records.Select((r, i) => (r, i)), x => Assert.Equal(0xffffffff81000000 + (ulong)x.i, x.r.Args[1]));
        Assert.Null(reader.Statistics.TruncatedAt);
    }
}
