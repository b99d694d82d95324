using System.Buffers.Binary;
using QemuTrace.Formats;
using QemuTrace.Formats.Simple;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Hostile;

/// <summary>Issue 12 item 8: the lower-severity cases.</summary>
public class LowSeverityTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void A_corrupt_length_field_near_the_end_of_the_real_trace_is_an_error_not_a_trace_cut_short()
    {
        var bytes = (byte[])RealTraceBytes.Prefix.Clone();
        var positions = new List<long>();
        using (var reader = TraceFile.Open(RealTraceBytes.Write(bytes), TraceEventsFile.Load(RealTraceBytes.EventsPath)))
        {
            var record = default(TraceRecord);
            while (reader.Read(ref record))
            {
                positions.Add(record.Position);
            }
        }

        // v4: u64 record type, then the header's u64 id, u64 timestamp, u32 length.
        long at = positions[^1799] + 8 + 16;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)at), (1 << 20) - 8);
        var path = _files.Write("corrupt-length.bin", bytes);

        var error = Assert.Throws<TraceFormatException>(() => Traces.ReadAll(TraceFile.Open(path, TraceEventsFile.Load(RealTraceBytes.EventsPath))));

        Assert.Contains($"byte offset {at}", error.Message);
        Assert.Contains("the length field is corrupt (not a trace cut short)", error.Message);
    }

    [Fact]
    public void A_newline_inside_an_event_name_does_not_split_decode_or_tsv_lines()
    {
        var bytes = Traces.Build(4, w =>
        {
            w.WriteMapping(0, "evil\nname\tx");
            w.WriteEvent(0, 1000, 1, [1UL]);
            w.WriteEvent(0, 2000, 1, [2UL]);
        });
        var path = _files.Write("evil.bin", bytes);

        var simpletrace = Qtrace.RunProcess("decode", path);
        var tsv = Qtrace.RunProcess("decode", path, "--format", "tsv");

        Assert.Equal(2, simpletrace.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("evil\\nname\\tx", simpletrace.Stdout);
        Assert.Equal(3, tsv.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void An_argument_starting_with_at_is_a_file_name_not_a_response_file()
    {
        var listed = _files.Write("args.txt", "--help\n");

        var result = Qtrace.Run("info", "@" + listed);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"@{listed}: no such file", result.Stderr);
    }

    [Fact]
    public void A_far_future_timestamp_in_a_log_line_does_not_hand_the_whole_boot_to_one_function()
    {
        var lines = new List<string>();
        for (int i = 0; i < 200; i++)
        {
            ulong pc = i % 2 == 0 ? 0xfffffff0UL : 0xfe05bUL;
            string time = i == 100 ? "2700000000.000001" : $"1700000000.{i * 10:D6}";
            lines.Add($"1234@{time}:exec_tb tb:0x7f0000000000 pc=0x{pc:x}");
        }

        var path = _files.Write("log.txt", string.Join('\n', lines) + "\n");
        using var reader = TraceFile.Open(path);

        var analysis = QemuTrace.Analysis.BootAnalyzer.Run(reader, new FakeSymbols());

        Assert.Equal(1, reader.Statistics.CorruptTimestamps);
        Assert.Equal(1990_000, analysis.DurationNs);
    }
}
