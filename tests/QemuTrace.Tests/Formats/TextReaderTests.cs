using System.Text;
using QemuTrace.Formats;
using QemuTrace.Formats.Text;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Formats;

public class TextReaderTests
{
    private static MemoryStream Text(string s) => new(Encoding.UTF8.GetBytes(s));

    [Fact]
    public void A_log_backend_line_gives_thread_id_wall_time_in_ns_and_arguments_from_the_format()
    {
        using var reader = new LogTraceReader(Text(
            "14057@1795695642.445321:exec_tb tb:0x7f1f50000040 pc=0xfffffff0\n" +
            "14057@1795695642.445463:exec_tb_exit tb:(nil) flags=0x0\n"), "qemu.log", null);

        var records = Traces.ReadAll(reader);

        Assert.Equal(["exec_tb", "exec_tb_exit"], records.Select(r => r.Event));
        Assert.Equal(1795695642_445321_000UL, records[0].Time);
        Assert.Equal(14057U, records[0].Pid);
        Assert.Equal([0x7f1f50000040UL, 0xfffffff0], records[0].Args);
        Assert.Equal([0UL, 0], records[1].Args);
        Assert.True(reader.HasTimestamps);
    }

    [Fact]
    public void Log_lines_without_a_time_prefix_are_read_without_timestamps()
    {
        using var reader = new LogTraceReader(Text("exec_tb tb:0x1 pc=0xfe05b\nsome other qemu output\n"), "qemu.log", null);

        var records = Traces.ReadAll(reader);

        Assert.Equal(0xfe05bUL, Assert.Single(records).Args[1]);
        Assert.False(reader.HasTimestamps);
        Assert.Equal(1, reader.Statistics.SkippedLines);
    }

    [Fact]
    public void Log_arguments_that_do_not_follow_the_format_name_the_line()
    {
        using var reader = new LogTraceReader(Text("1@1.000001:exec_tb tb:0x1 pc=0x2\n1@1.000002:exec_tb tb=0x1 pc=0x2\n"), "qemu.log", null);

        var e = Assert.Throws<TraceFormatException>(() => Traces.ReadAll(reader));

        Assert.StartsWith("qemu.log: line 2:", e.Message);
        Assert.Contains("do not follow its format", e.Message);
    }

    [Fact]
    public void Log_string_and_decimal_conversions_are_parsed_back()
    {
        var events = TraceEventsFile.Parse("ev", "guest_message(const char *msg, int level) \"msg %s level %d\"\n");
        using var reader = new LogTraceReader(Text("9@2.5:guest_message msg hello there level -3\n"), "qemu.log", events);
        var record = default(TraceRecord);

        Assert.True(reader.Read(ref record));

        Assert.Equal("hello there", Encoding.UTF8.GetString(reader.GetString(record, 0)));
        Assert.Equal(unchecked((ulong)-3L), record.Arguments[1]);
        Assert.Equal(2_500_000_000UL, record.TimestampNs);
    }

    [Fact]
    public void Simpletrace_text_rebuilds_absolute_times_from_the_deltas()
    {
        using var reader = new SimpletraceTextReader(Text(
            "exec_tb 0.000 pid=4491 tb=0x7fa869afe010 pc=0xfffffff0\n" +
            "exec_tb_exit 1.234 pid=4491 last_tb=0x7fa869afe010 flags=0x0\n" +
            "Dropped_Event -0.500 pid=4491 num_events_dropped=0x7\n"), "decoded.txt", null);

        var records = Traces.ReadAll(reader);

        Assert.Equal([0UL, 1234UL, 734UL], records.Select(r => r.Time));
        Assert.Equal(0xfffffff0UL, records[0].Args[1]);
        Assert.Equal(4491U, records[2].Pid);
        Assert.Equal(7UL, reader.Statistics.DroppedEvents);
        Assert.Equal(1, reader.Statistics.OutOfOrder);
    }

    [Fact]
    public void The_2016_simpletrace_form_with_alignment_spaces_is_read()
    {
        using var reader = new SimpletraceTextReader(Text(
            "exec_tb       0.000 pid=4491 tb=0x7fa869afe010 pc=0xfffffff0\n" +
            "exec_tb_exit  0.364 pid=4491 tb=0x0 flags=0x0\n"), "old.txt", null);

        var records = Traces.ReadAll(reader);

        Assert.Equal([0UL, 364UL], records.Select(r => r.Time));
    }

    [Fact]
    public void A_simpletrace_line_without_a_delta_names_its_line()
    {
        using var reader = new SimpletraceTextReader(Text("exec_tb 0.000 pid=1 pc=0x1\nexec_tb soon pid=1\n"), "d.txt", null);

        var e = Assert.Throws<TraceFormatException>(() => Traces.ReadAll(reader));

        Assert.StartsWith("d.txt: line 2:", e.Message);
    }

    [Fact]
    public void Timestamp_pc_lines_become_exec_tb_records()
    {
        using var reader = new TimestampPcReader(Text("0.000 fffffff0\n12.345 0xffffffff81000000 startup_64\n"), "abs.txt");

        var records = Traces.ReadAll(reader);

        Assert.Equal([0UL, 12345UL], records.Select(r => r.Time));
        Assert.Equal(0xffffffff81000000UL, records[1].Args[1]);
        Assert.All(records, r => Assert.Equal("exec_tb", r.Event));
    }
}
