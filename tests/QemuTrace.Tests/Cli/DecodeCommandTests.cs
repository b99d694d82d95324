using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Cli;

public class DecodeCommandTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string EventsFile() => _files.Write("trace-events", Traces.EventsText);

    [Fact]
    public void It_prints_records_in_simpletrace_py_form()
    {
        var trace = _files.Write("t.bin", Traces.Build(4, w =>
        {
            w.WriteMapping(0, "exec_tb");
            w.WriteMapping(2, "exec_tb_exit");
            w.WriteEvent(0, 1_000_000, 4491, [0x7fa869afe010, 0xfffffff0]);
            w.WriteEvent(2, 1_001_234, 4491, [0x7fa869afe010, 0]);
            w.WriteEvent(0, 1_000_000, 4491, [0x7fa869afe010, 0xfe05b]);
        }));

        var result = Qtrace.RunProcess("decode", trace, "--events", EventsFile());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "exec_tb 0.000 pid=4491 tb=0x7fa869afe010 pc=0xfffffff0\n" +
            "exec_tb_exit 1.234 pid=4491 last_tb=0x7fa869afe010 flags=0x0\n" +
            "exec_tb -1.234 pid=4491 tb=0x7fa869afe010 pc=0xfe05b\n",
            result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Strings_print_as_python_bytes_and_dropped_events_by_their_declaration()
    {
        var trace = _files.Write("t.bin", Traces.Build(4, w =>
        {
            w.WriteMapping(3, "guest_message");
            w.WriteEvent(3, 10, 1, "it's \"odd\"\n", 5UL);
            w.WriteDropped(5, 1, 42);
        }));

        var result = Qtrace.RunProcess("decode", trace, "--events", EventsFile());

        Assert.Equal(
            "guest_message 0.000 pid=1 msg=b'it\\'s \"odd\"\\n' level=0x5\n" +
            "Dropped_Event -0.005 pid=1 num_events_dropped=0x2a\n",
            result.Stdout);
        Assert.Contains("dropped 42 events", result.Stderr);
    }

    [Fact]
    public void Tsv_gives_time_since_the_first_record_and_named_arguments()
    {
        var trace = _files.Write("t.bin", Traces.Build(4, w =>
        {
            w.WriteMapping(0, "exec_tb");
            w.WriteEvent(0, 500, 7, [0x10, 0xfffffff0]);
            w.WriteEvent(0, 2500, 7, [0x20, 0xfe05b]);
        }));

        var result = Qtrace.RunProcess("decode", trace, "--format", "tsv");

        Assert.Equal(
            "time_ns\tevent\tpid\targs\n" +
            "0\texec_tb\t7\ttb=0x10 pc=0xfffffff0\n" +
            "2000\texec_tb\t7\ttb=0x20 pc=0xfe05b\n",
            result.Stdout);
    }

    [Fact]
    public void A_truncated_trace_prints_every_complete_record_then_warns_and_succeeds()
    {
        var bytes = Traces.Build(4, w =>
        {
            w.WriteMapping(0, "exec_tb");
            w.WriteEvent(0, 500, 7, [0x10, 0x1]);
            w.WriteEvent(0, 600, 7, [0x10, 0x2]);
        });
        var trace = _files.Write("t.bin", bytes[..^5]);

        var result = Qtrace.RunProcess("decode", trace);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("exec_tb 0.000 pid=7 tb=0x10 pc=0x1\n", result.Stdout);
        Assert.Contains($"ends inside a record starting at byte offset {bytes.Length - 48}", result.Stderr);
    }

    [Fact]
    public void A_file_that_is_not_a_trace_fails_with_one_line_and_no_stack_trace()
    {
        var trace = _files.Write("notes.txt", "hello, this is a shopping list\n");

        var result = Qtrace.RunProcess("decode", trace);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"qtrace: error: {trace}: line 1: not a trace", result.Stderr);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void A_binary_file_with_a_bad_magic_fails_with_the_byte_offset()
    {
        var bytes = Traces.Build(4, w => { });
        bytes[9] ^= 1;
        var trace = _files.Write("t.bin", bytes);

        var result = Qtrace.RunProcess("decode", trace);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("byte offset 8: expected the simple trace magic", result.Stderr);
    }

    [Fact]
    public void A_missing_file_fails_clearly()
    {
        var result = Qtrace.RunProcess("decode", _files.PathOf("absent.bin"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("absent.bin: no such file", result.Stderr);
    }

    [Fact]
    public void A_version_3_trace_without_events_says_to_pass_them()
    {
        var trace = _files.Write("t.bin", Traces.Build(3, w => w.WriteEvent(0, 1, 1, [0, 0])));

        var result = Qtrace.RunProcess("decode", trace);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("pass that file with --events", result.Stderr);
    }

    [Fact]
    public void A_version_3_trace_decodes_with_its_trace_events_file()
    {
        var trace = _files.Write("t.bin", Traces.Build(3, w => w.WriteEvent(2, 1, 9, [0, 3])));

        var result = Qtrace.RunProcess("decode", trace, "--events", EventsFile());

        Assert.Equal("exec_tb_exit 0.000 pid=9 last_tb=0x0 flags=0x3\n", result.Stdout);
    }

    [Fact]
    public void A_gzip_compressed_trace_is_read_transparently()
    {
        var bytes = Traces.Build(4, w =>
        {
            w.WriteMapping(0, "exec_tb");
            w.WriteEvent(0, 1, 1, [0, 0xfffffff0]);
        });
        var path = _files.PathOf("t.bin.gz");
        using (var gz = new System.IO.Compression.GZipStream(File.Create(path), System.IO.Compression.CompressionLevel.Fastest))
        {
            gz.Write(bytes);
        }

        var result = Qtrace.RunProcess("decode", path);

        Assert.Equal("exec_tb 0.000 pid=1 tb=0x0 pc=0xfffffff0\n", result.Stdout);
    }
}
