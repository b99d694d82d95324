using System.Text;
using QemuTrace.Export;
using QemuTrace.Formats;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.EndToEnd;

/// <summary>
/// Issue 14: decode formats runs of records on every core; the text is the same bytes as one writer over the whole
/// trace, with string arguments, across runs, in both text formats, and up to a damaged record.
/// </summary>
public class ParallelDecodeTests
{
    /// <summary>Three runs and a bit of records, every fifth with a string argument of its own length.</summary>
    private static readonly byte[] TraceWithStrings = Traces.Build(4, w =>
    {
        w.WriteMapping(0, "exec_tb");
        w.WriteMapping(1, "guest_message");
        w.WriteMapping(2, "exec_tb_exit");
        for (int i = 0; i < (3 * TraceTextDecoder.RunRecords) + 123; i++)
        {
            ulong time = 1_000_000 + (ulong)(i * 997);
            if (i % 5 == 0)
            {
                w.WriteEvent(1, time, 7, $"message {i}\twith a tab", (ulong)i);
            }
            else if (i % 5 == 1)
            {
                w.WriteEvent(2, time, 7, [0xffff_0000UL + (ulong)i, 3UL]);
            }
            else
            {
                w.WriteEvent(0, time, 7, [0x1000UL + (ulong)i, 0xffffffff81000000UL + (ulong)(i * 16)]);
            }
        }
    });

    private static string Decode(byte[] trace, int threads, bool tsv, out Exception? error)
    {
        var output = new MemoryStream();
        error = null;
        using var reader = Traces.Open(trace);
        try
        {
            TraceTextDecoder.Decode(reader, output, tsv ? (o, s) => new TsvRecordWriter(o, s) : (o, s) => new SimpletraceTextWriter(o, s), threads);
        }
        catch (TraceFormatException e)
        {
            error = e;
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Theory]
    [InlineData(false, 2)]
    [InlineData(false, 5)]
    [InlineData(true, 2)]
    [InlineData(true, 5)]
    public void Records_with_string_arguments_across_runs_decode_to_the_bytes_one_thread_writes(bool tsv, int threads)
    {
        string one = Decode(TraceWithStrings, 1, tsv, out _);

        string parallel = Decode(TraceWithStrings, threads, tsv, out _);

        Assert.Contains("message 49150", one);
        Assert.Equal(one.Split('\n').Length, parallel.Split('\n').Length);
        Assert.Equal(one, parallel);
    }

    [Fact]
    public void A_damaged_record_in_the_third_run_fails_after_every_record_before_it_was_written()
    {
        var damaged = (byte[])TraceWithStrings.Clone();
        long at;
        using (var reader = Traces.Open(damaged))
        {
            var record = default(TraceRecord);
            for (int i = 0; i <= (2 * TraceTextDecoder.RunRecords) + 10; i++)
            {
                Assert.True(reader.Read(ref record));
            }

            at = record.Position;
        }

        // The v4 record type of that record: neither a mapping (0) nor an event (1).
        damaged[at] = 9;

        string one = Decode(damaged, 1, tsv: false, out var oneError);
        string parallel = Decode(damaged, 4, tsv: false, out var parallelError);

        Assert.NotNull(oneError);
        Assert.Equal(oneError!.Message, parallelError!.Message);
        Assert.Equal((2 * TraceTextDecoder.RunRecords) + 10, one.Count(c => c == '\n'));
        Assert.Equal(one, parallel);
    }
}
