using System.Text;

namespace QemuTrace.Formats.Text;

/// <summary>
/// Reads the seed workflow's intermediate files: one <c>TIMESTAMP PC [symbol ...]</c> line per executed block,
/// TIMESTAMP an absolute time in microseconds (simpletrace.py's deltas summed; decimals allowed) and PC in hex.
/// Each line becomes an <c>exec_tb</c> record; anything after the PC (an old symbolization) is ignored.
/// </summary>
public sealed class TimestampPcReader : TextTraceReader
{
    private readonly int _execTb;

    /// <summary>Creates a reader over the text.</summary>
    public TimestampPcReader(Stream stream, string source)
        : base(stream, source)
    {
        TraceEventsFile.BuiltIn.TryGet("exec_tb", out var execTb);
        _execTb = Events.GetOrAdd("exec_tb", execTb);
    }

    /// <inheritdoc />
    public override TraceFormat Format => TraceFormat.TimestampPc;

    /// <inheritdoc />
    private protected override bool TryParse(ReadOnlySpan<byte> line, ref TraceRecord record)
    {
        var rest = line.Trim((byte)' ').Trim((byte)'\t');
        if (rest.IsEmpty || rest[0] == '#')
        {
            return false;
        }

        int split = rest.IndexOfAny((byte)' ', (byte)'\t');
        var time = split < 0 ? rest : rest[..split];
        var after = split < 0 ? [] : rest[(split + 1)..].TrimStart((byte)' ').TrimStart((byte)'\t');
        int end = after.IndexOfAny((byte)' ', (byte)'\t');
        var pcText = (end < 0 ? after : after[..end]).TrimEnd((byte)':');
        if (!TextValueParser.TryParseScaled(time, 3, out var nanos) || nanos < 0 || !TextValueParser.TryParseHex(pcText, out var pc))
        {
            throw new TraceFormatException(Source, TraceLocation.Line(Lines.LineNumber),
                $"expected `TIMESTAMP_US PC` (e.g. `1234.567 ffffffff81000000`), found `{Encoding.UTF8.GetString(line[..Math.Min(line.Length, 80)])}`");
        }

        record.EventIndex = _execTb;
        record.TimestampNs = (ulong)nanos;
        record.Pid = 0;
        record.Position = Lines.LineNumber;
        record.Arguments[0] = 0;
        record.Arguments[1] = pc;
        record.ArgumentCount = 2;
        return true;
    }
}
