using System.Text;

namespace QemuTrace.Formats.Text;

/// <summary>
/// Reads what <c>scripts/simpletrace.py</c> printed: <c>NAME DELTA_US pid=PID arg=0xHEX ...</c>, in the current
/// form and the 2016 one (extra alignment spaces, Python 2 strings without <c>b'...'</c>). Absolute times are rebuilt
/// by summing the deltas from 0, so they are exact to the nanosecond the decoder printed.
/// </summary>
public sealed class SimpletraceTextReader : TextTraceReader
{
    private readonly TraceEventsFile _declarations;
    private readonly EventNameIndex _known = new();
    private long _clock;

    /// <summary>Creates a reader; <paramref name="events"/> is optional (names come from the text).</summary>
    public SimpletraceTextReader(Stream stream, string source, TraceEventsFile? events)
        : base(stream, source)
    {
        _declarations = events ?? TraceEventsFile.BuiltIn;
    }

    /// <inheritdoc />
    public override TraceFormat Format => TraceFormat.SimpletraceText;

    /// <inheritdoc />
    private protected override bool TryParse(ReadOnlySpan<byte> line, ref TraceRecord record)
    {
        if (line.Trim((byte)' ').IsEmpty)
        {
            return false;
        }

        Parse(line, ref record);
        return true;
    }

    private void Parse(ReadOnlySpan<byte> line, ref TraceRecord record)
    {
        var rest = line.TrimStart((byte)' ');
        var name = NextField(ref rest);
        var deltaText = NextField(ref rest);
        if (!TextValueParser.TryParseScaled(deltaText, 3, out var delta))
        {
            throw new TraceFormatException(Source, TraceLocation.Line(Lines.LineNumber),
                $"expected `NAME DELTA_US pid=PID ...` as simpletrace.py prints, but the second field `{Encoding.UTF8.GetString(deltaText)}` is not a delta in microseconds with up to 3 decimals");
        }

        _clock += delta;
        var index = Lookup(name);
        var info = Events[index];
        record.EventIndex = index;
        record.TimestampNs = unchecked((ulong)_clock);
        record.Position = Lines.LineNumber;
        record.Pid = 0;
        int argument = 0;
        bool learnNames = info.ArgumentNames.Length == 0;
        List<string>? names = learnNames ? [] : null;
        while (!rest.IsEmpty)
        {
            var field = NextField(ref rest);
            if (field.IsEmpty)
            {
                continue;
            }

            int eq = field.IndexOf((byte)'=');
            if (eq <= 0)
            {
                throw new TraceFormatException(Source, TraceLocation.Line(Lines.LineNumber),
                    $"expected `name=value` arguments after the delta, found `{Encoding.UTF8.GetString(field)}`");
            }

            var key = field[..eq];
            var value = field[(eq + 1)..];
            if (argument == 0 && key.SequenceEqual("pid"u8) && TextValueParser.TryParseDecimal(value, out var pid) && record.Pid == 0)
            {
                record.Pid = (uint)pid;
                continue;
            }

            if (argument >= TraceArguments.MaxCount)
            {
                throw new TraceFormatException(Source, TraceLocation.Line(Lines.LineNumber),
                    $"more than {TraceArguments.MaxCount} arguments; this is not simpletrace.py output");
            }

            if (value.Length > 2 && value[0] == '0' && value[1] == 'x' && TextValueParser.TryParseHex(value, out var number))
            {
                record.Arguments[argument] = number;
            }
            else
            {
                record.Arguments[argument] = Strings.Store(UnquotePythonBytes(value));
            }

            if (names is not null)
            {
                names.Add(Encoding.UTF8.GetString(key));
            }

            argument++;
        }

        if (names is { Count: > 0 })
        {
            info.ArgumentNames = names.ToArray();
            info.ArgumentIsString = new bool[names.Count];
        }

        record.ArgumentCount = argument;
    }

    private static ReadOnlySpan<byte> NextField(ref ReadOnlySpan<byte> rest)
    {
        int space = rest.IndexOf((byte)' ');
        ReadOnlySpan<byte> field;
        if (space < 0)
        {
            field = rest;
            rest = [];
        }
        else
        {
            field = rest[..space];
            rest = rest[(space + 1)..].TrimStart((byte)' ');
        }

        return field;
    }

    private static ReadOnlySpan<byte> UnquotePythonBytes(ReadOnlySpan<byte> value) =>
        value.Length >= 3 && value[0] == 'b' && (value[1] == '\'' || value[1] == '"') && value[^1] == value[1]
            ? value[2..^1]
            : value;

    private int Lookup(ReadOnlySpan<byte> name)
    {
        if (_known.TryGet(name, out int known))
        {
            return known;
        }

        var text = Encoding.UTF8.GetString(name);
        if (text == "dropped")
        {
            text = TraceEventDeclaration.DroppedEvent.Name;
        }

        TraceEventDeclaration? declaration = text == TraceEventDeclaration.DroppedEvent.Name
            ? TraceEventDeclaration.DroppedEvent
            : _declarations.TryGet(text, out var d) ? d : null;
        int index = Events.GetOrAdd(text, declaration);
        _known.Add(name, index);
        return index;
    }
}
