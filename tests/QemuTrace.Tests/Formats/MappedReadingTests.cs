using System.Text;
using System.Text.Json;
using QemuTrace.Analysis;
using QemuTrace.Analysis.Passes;
using QemuTrace.Export;
using QemuTrace.Formats;
using QemuTrace.Formats.Simple;
using QemuTrace.Symbols;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Formats;

/// <summary>
/// Issue 14: a finished simple trace is mapped and parsed in place (no copy of the page cache). Whatever the window
/// the reader looks through, it gives the stream's records, text, analysis and counters, truncated end included.
/// </summary>
public class MappedReadingTests
{
    private static readonly Lazy<Symbolizer> Symbols = new(() => new Symbolizer([ElfSymbolReader.Load(RepositoryData.PathOf("boot", "vmlinux-symbols.gz"))]));

    [Fact]
    public void A_finished_trace_file_is_mapped_and_one_still_being_written_is_read_through_its_stream()
    {
        var path = RealTraceBytes.Write(RealTraceBytes.Prefix);
        try
        {
            using (var fresh = (SimpleTraceReader)TraceFile.Open(path, TraceEventsFile.Load(RealTraceBytes.EventsPath)))
            {
                Assert.False(fresh.IsMapped);
            }

            File.SetLastWriteTimeUtc(path, DateTime.UtcNow - TimeSpan.FromMinutes(1));
            using var finished = (SimpleTraceReader)TraceFile.Open(path, TraceEventsFile.Load(RealTraceBytes.EventsPath));
            Assert.True(finished.IsMapped);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(1 << 24)]
    [InlineData(4096)]
    [InlineData(1001)]
    [InlineData(1)]
    public void Mapped_reading_through_any_window_decodes_the_same_text_and_counters_as_the_stream(int window)
    {
        var path = QuietCopy(RealTraceBytes.Prefix);
        try
        {
            Assert.Equal(Decode(path, null), Decode(path, window));
            Assert.Contains("\"TruncatedAt\":", Decode(path, window));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(1 << 24, false)]
    [InlineData(4096, true)]
    [InlineData(777, true)]
    public void Mapped_reading_through_any_window_gives_the_streams_analysis(int window, bool readAhead)
    {
        var path = QuietCopy(RealTraceBytes.Prefix);
        try
        {
            Assert.Equal(Analyze(path, null, readAhead), Analyze(path, window, readAhead));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(1 << 24)]
    [InlineData(333)]
    public void A_damaged_record_fails_mapped_with_the_streams_message_and_offset(int window)
    {
        var bytes = (byte[])RealTraceBytes.Prefix.Clone();

        // Record type 7 at a record boundary far into the file: neither a mapping (0) nor an event (1).
        long at;
        var original = QuietCopy(bytes);
        using (var probe = Open(original, null))
        {
            var record = default(TraceRecord);
            for (int i = 0; i <= 60_000; i++)
            {
                Assert.True(probe.Read(ref record));
            }

            at = record.Position;
        }

        File.Delete(original);

        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((int)at), 7);
        var path = QuietCopy(bytes);
        try
        {
            var streamed = Assert.Throws<TraceFormatException>(() => Decode(path, null));
            var mapped = Assert.Throws<TraceFormatException>(() => Decode(path, window));

            Assert.Contains("unknown record type 7", mapped.Message);
            Assert.Contains($"byte offset {at}", mapped.Message);
            Assert.Equal(streamed.Message, mapped.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Small_files_are_read_through_their_stream()
    {
        var path = QuietCopy(RealTraceBytes.Prefix.AsSpan(0, 100_000).ToArray());
        try
        {
            using var reader = (SimpleTraceReader)TraceFile.Open(path, TraceEventsFile.Load(RealTraceBytes.EventsPath));
            Assert.False(reader.IsMapped);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The bytes in a file last written a minute ago, as a finished trace is.</summary>
    private static string QuietCopy(byte[] bytes)
    {
        var path = RealTraceBytes.Write(bytes);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - TimeSpan.FromMinutes(1));
        return path;
    }

    /// <summary>A reader of <paramref name="path"/>: through its stream (<paramref name="window"/> null) or mapped.</summary>
    private static SimpleTraceReader Open(string path, int? window)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var events = TraceEventsFile.Load(RealTraceBytes.EventsPath);
        if (window is null)
        {
            return new SimpleTraceReader(file, path, events);
        }

        var mapped = MappedFile.TryOpen(file);
        Assert.NotNull(mapped);
        var reader = new SimpleTraceReader(file, path, events, mapped, window.Value);
        Assert.True(reader.IsMapped);
        return reader;
    }

    /// <summary>The simpletrace.py text of every record, then the reader's counters.</summary>
    private static string Decode(string path, int? window)
    {
        using var reader = Open(path, window);
        using var output = new MemoryStream();
        TraceTextDecoder.Decode(reader, output, (stream, source) => new SimpletraceTextWriter(stream, source), 1);
        return Encoding.UTF8.GetString(output.ToArray()) + JsonSerializer.Serialize(reader.Statistics);
    }

    private static string Analyze(string path, int? window, bool readAhead)
    {
        using var reader = Open(path, window);
        var options = new BootAnalysisOptions { BinNs = 1_000_000, Reading = new TraceReading(16384, readAhead) };
        var analysis = BootAnalyzer.Run(reader, new SymbolizerPcSource(Symbols.Value), options);
        return JsonSerializer.Serialize(new { analysis, reader.Statistics });
    }
}
