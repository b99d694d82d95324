using System.Text;

namespace QemuTrace.Formats.Text;

/// <summary>
/// Reads the seed workflow's intermediate files: one <c>TIMESTAMP PC [symbol ...]</c> line per executed block,
/// TIMESTAMP an absolute time in microseconds (simpletrace.py's deltas summed; decimals allowed) and PC in hex.
/// Each line becomes an <c>exec_tb</c> record; anything after the PC (an old symbolization) is ignored.
/// </summary>
public sealed class TimestampPcReader : ITraceReader
{
    private readonly ByteLineReader _lines;
    private readonly int _execTb;
    private ulong _previousTimestamp;
    private bool _any;

    /// <summary>Creates a reader over the text.</summary>
    public TimestampPcReader(Stream stream, string source)
    {
        _lines = new ByteLineReader(stream, source);
        Source = source;
        TraceEventsFile.BuiltIn.TryGet("exec_tb", out var execTb);
        _execTb = Events.GetOrAdd("exec_tb", execTb);
    }

    /// <inheritdoc />
    public string Source { get; }

    /// <inheritdoc />
    public TraceFormat Format => TraceFormat.TimestampPc;

    /// <inheritdoc />
    public int? LogVersion => null;

    /// <inheritdoc />
    public bool HasTimestamps => true;

    /// <inheritdoc />
    public TraceEventTable Events { get; } = new();

    /// <inheritdoc />
    public TraceReadStatistics Statistics { get; } = new();

    /// <inheritdoc />
    public bool Read(ref TraceRecord record)
    {
        while (_lines.TryReadLine(out var line))
        {
            var rest = line.Trim((byte)' ').Trim((byte)'\t');
            if (rest.IsEmpty || rest[0] == '#')
            {
                Statistics.SkippedLines++;
                continue;
            }

            int split = rest.IndexOfAny((byte)' ', (byte)'\t');
            var time = split < 0 ? rest : rest[..split];
            var after = split < 0 ? [] : rest[(split + 1)..].TrimStart((byte)' ').TrimStart((byte)'\t');
            int end = after.IndexOfAny((byte)' ', (byte)'\t');
            var pcText = end < 0 ? after : after[..end];
            pcText = pcText.TrimEnd((byte)':');
            if (!TextValueParser.TryParseScaled(time, 3, out var nanos) || nanos < 0 || !TextValueParser.TryParseHex(pcText, out var pc))
            {
                throw new TraceFormatException(Source, TraceLocation.Line(_lines.LineNumber),
                    $"expected `TIMESTAMP_US PC` (e.g. `1234.567 ffffffff81000000`), found `{Encoding.UTF8.GetString(line[..Math.Min(line.Length, 80)])}`");
            }

            record.EventIndex = _execTb;
            record.TimestampNs = (ulong)nanos;
            record.Pid = 0;
            record.Position = _lines.LineNumber;
            record.Arguments[0] = 0;
            record.Arguments[1] = pc;
            record.ArgumentCount = 2;
            if (_any && record.TimestampNs < _previousTimestamp)
            {
                Statistics.OutOfOrder++;
            }

            _any = true;
            _previousTimestamp = record.TimestampNs;
            Statistics.Count(_execTb);
            Statistics.BytesRead = _lines.BytesRead;
            return true;
        }

        Statistics.BytesRead = _lines.BytesRead;
        return false;
    }

    /// <inheritdoc />
    public ReadOnlySpan<byte> GetString(in TraceRecord record, int argument) => [];

    /// <inheritdoc />
    public void Dispose() => _lines.Dispose();
}
