using System.Diagnostics;
using QemuTrace.Formats;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Hostile;

/// <summary>Issue 12 item 4: stdin, FIFOs and other streams that cannot seek are sniffed from a buffered prefix.</summary>
public class PipeInputTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string MakeFifo(string name)
    {
        var path = _files.PathOf(name);
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    private static long CountRecords(string path)
    {
        using var reader = TraceFile.Open(path, TraceEventsFile.Load(RealTraceBytes.EventsPath));
        var record = default(TraceRecord);
        long n = 0;
        while (reader.Read(ref record))
        {
            n++;
        }

        return n;
    }

    [Fact]
    public async Task The_real_gzip_trace_read_through_a_fifo_gives_the_same_records_as_the_file()
    {
        var fifo = MakeFifo("trace.fifo");
        var writer = Task.Run(() =>
        {
            using var output = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            using var input = File.OpenRead(RealTraceBytes.TracePath);
            input.CopyTo(output);
        });

        long throughFifo = CountRecords(fifo);
        await writer;

        Assert.Equal(CountRecords(RealTraceBytes.TracePath), throughFifo);
    }

    [Fact]
    public void A_text_trace_on_stdin_given_as_dash_is_sniffed_and_read()
    {
        var log = "1234@1700000000.000001:exec_tb tb:0x7f0000000000 pc=0xfffffff0\n1234@1700000000.000003:exec_tb tb:0x7f0000000040 pc=0xfe05b\n";

        var result = Qtrace.RunProcessWithInput(log, "info", "-");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("records       2", result.Stdout);
    }

    [Fact]
    public async Task A_fifo_with_no_writer_says_it_is_waiting_instead_of_hanging_silently()
    {
        var fifo = MakeFifo("late.fifo");
        var run = Task.Run(() => Qtrace.Run("info", fifo));
        await Task.Delay(TimeSpan.FromSeconds(4));
        await using (var writer = new StreamWriter(new FileStream(fifo, FileMode.Open, FileAccess.Write)))
        {
            await writer.WriteAsync("1234@1700000000.000001:exec_tb tb:0x7f0000000000 pc=0xfffffff0\n");
        }

        var result = await run;

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"{fifo}: waiting for a program to open this FIFO for writing", result.Stderr);
        Assert.Contains("records       1", result.Stdout);
    }

    [Fact]
    public void The_not_a_trace_error_quotes_at_most_a_short_printable_excerpt_of_the_first_line()
    {
        var path = _files.Write("notes.txt", "hello \u001b[31mworld\u001b[0m " + new string('x', 5000) + "\nsecond line\n");

        var error = Assert.Throws<TraceFormatException>(() => TraceFile.Open(path));

        Assert.DoesNotContain('\u001b', error.Message);
        Assert.True(error.Message.Length < 500, error.Message);
    }
}
