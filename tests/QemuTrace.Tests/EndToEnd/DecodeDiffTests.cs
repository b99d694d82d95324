using System.Security.Cryptography;
using System.Text;
using QemuTrace.Export;
using QemuTrace.Formats;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.EndToEnd;

/// <summary>Decodes the real data/ traces and compares with what QEMU's simpletrace.py printed (data/expected).</summary>
public class DecodeDiffTests
{
    private static readonly string Trace = RepositoryData.PathOf("boot", "trace-simple-v4.bin.gz");
    private static readonly string Events = RepositoryData.PathOf("boot", "trace-events-all");

    private static Dictionary<string, string> Summary() =>
        File.ReadAllLines(RepositoryData.PathOf("expected", "simpletrace-decode.summary.txt"))
            .Where(l => !l.StartsWith('#') && l.Contains(' '))
            .ToDictionary(l => l[..l.IndexOf(' ')], l => l[(l.IndexOf(' ') + 1)..]);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void The_real_trace_decodes_byte_for_byte_like_simpletrace_py_on_any_number_of_threads(int threads)
    {
        var capture = new CapturingStream(5000);
        using (var reader = TraceFile.Open(Trace, TraceEventsFile.Load(Events)))
        {
            TraceTextDecoder.Decode(reader, capture, (output, source) => new SimpletraceTextWriter(output, source), threads);
        }

        var summary = Summary();
        Assert.Equal(summary["lines"], capture.Lines.ToString());
        Assert.Equal(summary["bytes"], capture.Bytes.ToString());
        Assert.Equal(summary["sha256"], capture.Sha256());
        Assert.Equal(Gunzip("simpletrace-decode.head5000.txt.gz"), capture.Head());
        Assert.Equal(Gunzip("simpletrace-decode.tail5000.txt.gz"), capture.Tail());
    }

    [Fact]
    public void Record_counts_per_event_and_drops_match_the_reference_decode()
    {
        using var reader = TraceFile.Open(Trace, TraceEventsFile.Load(Events));
        var record = default(TraceRecord);
        while (reader.Read(ref record))
        {
        }

        var expected = ExpectedCounts("event-counts.txt");
        foreach (var (name, count) in expected)
        {
            Assert.Equal(count, reader.Statistics.RecordsPerEvent[reader.Events.IndexOf(name)]);
        }

        Assert.Equal(expected.Values.Sum(), reader.Statistics.Records);
        var lines = File.ReadAllLines(RepositoryData.PathOf("expected", "event-counts.txt"));
        Assert.Equal(Number(lines, "Dropped_Event records:"), reader.Statistics.DroppedRecords);
        Assert.Equal(Number(lines, "sum of num_events_dropped:"), (long)reader.Statistics.DroppedEvents);
        Assert.Equal(Number(lines, "negative delta"), reader.Statistics.OutOfOrder);
        Assert.Null(reader.Statistics.TruncatedAt);
    }

    [Fact]
    public void The_log_backend_trace_reads_with_the_expected_counts_and_wall_clock_times()
    {
        using var reader = TraceFile.Open(RepositoryData.PathOf("boot", "qemu-log.txt.gz"));
        var record = default(TraceRecord);
        ulong first = 0, last = 0;
        while (reader.Read(ref record))
        {
            first = first == 0 ? record.TimestampNs : first;
            last = record.TimestampNs;
        }

        Assert.Equal(TraceFormat.Log, reader.Format);
        foreach (var (name, count) in ExpectedCounts("log-event-counts.txt"))
        {
            Assert.Equal(count, reader.Statistics.RecordsPerEvent[reader.Events.IndexOf(name)]);
        }

        Assert.Equal(0, reader.Statistics.SkippedLines);
        Assert.InRange((last - first) / 1e9, 1, 120);
    }

    [Fact]
    public void A_truncated_copy_of_the_real_trace_yields_every_complete_record()
    {
        using var files = new TempFiles();
        byte[] bytes;
        using (var content = TraceFile.OpenContent(Trace))
        {
            bytes = new byte[1_000_013];
            int n = 0;
            while (n < bytes.Length)
            {
                n += content.Read(bytes, n, bytes.Length - n);
            }
        }

        using var reader = TraceFile.Open(files.Write("cut.bin", bytes), TraceEventsFile.Load(Events));
        var record = default(TraceRecord);
        long lastEnd = 0;
        while (reader.Read(ref record))
        {
            lastEnd = record.Position;
        }

        Assert.NotNull(reader.Statistics.TruncatedAt);
        Assert.True(reader.Statistics.TruncatedAt > lastEnd);
        Assert.True(reader.Statistics.TruncatedAt > bytes.Length - 64);
    }

    private static string Gunzip(string name)
    {
        using var gz = new System.IO.Compression.GZipStream(File.OpenRead(RepositoryData.PathOf("expected", name)), System.IO.Compression.CompressionMode.Decompress);
        return new StreamReader(gz).ReadToEnd();
    }

    private static Dictionary<string, long> ExpectedCounts(string file) =>
        File.ReadAllLines(RepositoryData.PathOf("expected", file))
            .Where(l => !l.StartsWith('#') && l.Trim().Length > 0)
            .Select(l => l.Trim().Split(' ', 2))
            .ToDictionary(p => p[1], p => long.Parse(p[0]));

    private static long Number(string[] lines, string label) =>
        long.Parse(lines.Single(l => l.Contains(label))[(lines.Single(l => l.Contains(label)).LastIndexOf(':') + 1)..].Trim());

    /// <summary>Hashes and counts what is written, keeping the first and last N lines.</summary>
    private sealed class CapturingStream(int keep) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly StringBuilder _head = new();
        private readonly Queue<string> _tail = new();
        private readonly List<byte> _line = [];

        public long Lines { get; private set; }

        public long Bytes { get; private set; }

        public string Sha256() => Convert.ToHexString(_hash.GetCurrentHash()).ToLowerInvariant();

        public string Head() => _head.ToString();

        public string Tail() => string.Concat(_tail);

        public override void Write(byte[] buffer, int offset, int count)
        {
            _hash.AppendData(buffer, offset, count);
            Bytes += count;
            for (int i = offset; i < offset + count; i++)
            {
                _line.Add(buffer[i]);
                if (buffer[i] != '\n')
                {
                    continue;
                }

                Lines++;
                var text = Encoding.UTF8.GetString(_line.ToArray());
                if (Lines <= keep)
                {
                    _head.Append(text);
                }

                _tail.Enqueue(text);
                if (_tail.Count > keep)
                {
                    _tail.Dequeue();
                }

                _line.Clear();
            }
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Bytes;

        public override long Position { get => Bytes; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
