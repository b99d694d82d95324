using System.Text;

namespace QemuTrace.Formats.Text;

/// <summary>
/// Reads QEMU's log trace backend: <c>TID@SEC.USEC:name args</c> lines (<c>-msg timestamp=on</c>) or
/// <c>name args</c> lines without a time prefix, parsing the arguments back through each event's printf format.
/// Lines that are not trace records (other <c>-d</c> output) are counted and skipped; <c>-d cpu</c> register dumps
/// are parsed and, when asked, handed over in trace order (<see cref="ICpuStateSource"/>).
/// </summary>
public sealed class LogTraceReader : TextTraceReader, ICpuStateSource
{
    private readonly TraceEventsFile _declarations;
    private readonly CpuStateDumpParser _cpuStates;
    private long _lastRecordLine;
    private readonly List<(byte[] Name, int Index, PrintfFormat? Format)> _known = [];
    private readonly EventNameIndex _knownByName = new();
    private bool? _timestamps;

    /// <summary>Creates a reader; <paramref name="events"/> supplies formats (built-in exec_tb declarations otherwise).</summary>
    public LogTraceReader(Stream stream, string source, TraceEventsFile? events)
        : base(stream, source)
    {
        _declarations = events ?? TraceEventsFile.BuiltIn;
        _cpuStates = new CpuStateDumpParser(source);
    }

    /// <inheritdoc />
    public bool CollectCpuStates
    {
        get => _cpuStates.Collect;
        set => _cpuStates.Collect = value;
    }

    /// <inheritdoc />
    public long CpuStateCount => _cpuStates.Count;

    /// <inheritdoc />
    public bool HasCpuState => _cpuStates.HasReady;

    /// <inheritdoc />
    public bool TryTakeCpuState(out CpuState state) => _cpuStates.TryTake(out state);

    /// <inheritdoc />
    public override TraceFormat Format => TraceFormat.Log;

    /// <inheritdoc />
    public override bool HasTimestamps => _timestamps ?? true;

    /// <inheritdoc />
    private protected override bool TryParse(ReadOnlySpan<byte> line, ref TraceRecord record)
    {
        if (_cpuStates.TryConsume(line, Lines.LineNumber, _lastRecordLine))
        {
            return false;
        }

        ulong timestamp = 0;
        uint tid = 0;
        var rest = line;
        bool hasPrefix = TryParsePrefix(ref rest, out tid, out timestamp);
        if (!hasPrefix && rest.Length > 0 && rest[0] is >= (byte)'0' and <= (byte)'9')
        {
            return false;
        }

        int nameEnd = 0;
        while (nameEnd < rest.Length && IsNameByte(rest[nameEnd]))
        {
            nameEnd++;
        }

        if (nameEnd == 0 || (nameEnd < rest.Length && rest[nameEnd] != (byte)' '))
        {
            return false;
        }

        var name = rest[..nameEnd];
        var args = nameEnd < rest.Length ? rest[(nameEnd + 1)..] : [];
        int k = Lookup(name);
        if (k < 0)
        {
            if (!hasPrefix)
            {
                // Without a time prefix only declared events are recognised, so that ordinary log lines are skipped.
                return false;
            }

            k = Register(name);
        }

        var (_, index, format) = _known[k];
        _timestamps ??= hasPrefix;
        record.EventIndex = index;
        record.TimestampNs = timestamp;
        record.Pid = tid;
        record.Position = Lines.LineNumber;
        _lastRecordLine = Lines.LineNumber;
        if (format is null)
        {
            record.Arguments[0] = Strings.Store(args);
            record.ArgumentCount = 1;
            return true;
        }

        ParseArguments(args, format, ref record, Events[index]);
        return true;
    }

    private static bool TryParsePrefix(ref ReadOnlySpan<byte> rest, out uint tid, out ulong timestamp)
    {
        tid = 0;
        timestamp = 0;
        int at = rest.IndexOf((byte)'@');
        int colon = rest.IndexOf((byte)':');
        if (at <= 0 || colon <= at)
        {
            return false;
        }

        if (!TextValueParser.TryParseDecimal(rest[..at], out var t) || t > uint.MaxValue)
        {
            return false;
        }

        var time = rest[(at + 1)..colon];
        int dot = time.IndexOf((byte)'.');
        if (dot <= 0 || !TextValueParser.TryParseDecimal(time[..dot], out var seconds)
            || !TextValueParser.TryParseDecimal(time[(dot + 1)..], out var fraction) || time.Length - dot - 1 > 9)
        {
            return false;
        }

        for (int i = time.Length - dot - 1; i < 9; i++)
        {
            fraction *= 10;
        }

        tid = (uint)t;
        timestamp = (seconds * 1_000_000_000UL) + fraction;
        rest = rest[(colon + 1)..];
        return true;
    }

    private void ParseArguments(ReadOnlySpan<byte> text, PrintfFormat format, ref TraceRecord record, TraceEventInfo info)
    {
        int count = Math.Min(format.Conversions.Length, TraceArguments.MaxCount);
        int p = 0;
        for (int i = 0; i < count; i++)
        {
            var literal = format.Literals[i];
            if (!text[p..].StartsWith(literal))
            {
                throw Mismatch(info, text);
            }

            p += literal.Length;
            char conversion = format.Conversions[i];
            var next = format.Literals[i + 1];
            int end = ValueEnd(text, p, conversion, next);
            var token = text[p..end];
            if (!TryConvert(token, conversion, out var value))
            {
                throw Mismatch(info, text);
            }

            record.Arguments[i] = value;
            p = end;
        }

        if (!text[p..].SequenceEqual(format.Literals[count]) && !text[p..].TrimEnd((byte)' ').SequenceEqual(format.Literals[count].AsSpan().TrimEnd((byte)' ')))
        {
            throw Mismatch(info, text);
        }

        record.ArgumentCount = count;
    }

    private bool TryConvert(ReadOnlySpan<byte> token, char conversion, out ulong value)
    {
        switch (conversion)
        {
            case 'p':
                if (token.SequenceEqual("(nil)"u8))
                {
                    value = 0;
                    return true;
                }

                return TextValueParser.TryParseHex(token, out value);
            case 'x':
            case 'X':
                return TextValueParser.TryParseHex(token, out value);
            case 'u':
                return TextValueParser.TryParseDecimal(token, out value);
            case 'd':
            case 'i':
                if (token.Length > 0 && token[0] == '-')
                {
                    bool ok = TextValueParser.TryParseDecimal(token[1..], out var magnitude);
                    value = unchecked(0UL - magnitude);
                    return ok;
                }

                return TextValueParser.TryParseDecimal(token, out value);
            case 'o':
                value = 0;
                foreach (var b in token)
                {
                    if (b is < (byte)'0' or > (byte)'7')
                    {
                        return false;
                    }

                    value = (value << 3) | (uint)(b - '0');
                }

                return token.Length > 0;
            default:
                value = Strings.Store(token);
                return true;
        }
    }

    private static int ValueEnd(ReadOnlySpan<byte> text, int start, char conversion, byte[] next)
    {
        if (conversion is 's' or 'f' or 'g' or 'e' or 'c' || next.Length == 0 && conversion == 's')
        {
            if (next.Length == 0)
            {
                return text.Length;
            }

            int found = text[start..].IndexOf(next);
            return found < 0 ? text.Length : start + found;
        }

        int i = start;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        if (conversion == 'p' && text[i..].StartsWith("(nil)"u8))
        {
            return i + 5;
        }

        if (i + 1 < text.Length && text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X'))
        {
            i += 2;
        }

        while (i < text.Length && TextValueParser.HexDigit(text[i]) >= 0)
        {
            i++;
        }

        return i;
    }

    private TraceFormatException Mismatch(TraceEventInfo info, ReadOnlySpan<byte> text) =>
        new(Source, TraceLocation.Line(Lines.LineNumber),
            $"the arguments `{Encoding.UTF8.GetString(text)}` of event {info.Name} do not follow its format {info.Declaration?.Format} from {_declarations.Source}; the trace-events file probably does not match the QEMU that wrote this log: pass that QEMU's trace-events-all with --events");

    private int Lookup(ReadOnlySpan<byte> name)
    {
        if (_knownByName.TryGet(name, out int known))
        {
            return known;
        }

        var text = Encoding.UTF8.GetString(name);
        return _declarations.TryGet(text, out _) ? Register(name) : -1;
    }

    private int Register(ReadOnlySpan<byte> name)
    {
        var text = Encoding.UTF8.GetString(name);
        TraceEventDeclaration? declaration = _declarations.TryGet(text, out var d) ? d : null;
        int index = Events.GetOrAdd(text, declaration);
        PrintfFormat? format = null;
        if (declaration is not null)
        {
            format = PrintfFormat.Compile(declaration.Format);
            var info = Events[index];
            // The log backend prints what the format prints; strings are whatever %s/%c/%f conversions produce.
            int n = Math.Min(format.Conversions.Length, TraceArguments.MaxCount);
            info.ArgumentNames = Enumerable.Range(0, n)
                .Select(i => i < declaration.Arguments.Count ? declaration.Arguments[i].Name : $"arg{i}").ToArray();
            info.ArgumentIsString = format.Conversions.Take(n).Select(c => c is not ('p' or 'x' or 'X' or 'u' or 'd' or 'i' or 'o')).ToArray();
        }
        else
        {
            var info = Events[index];
            info.ArgumentNames = ["text"];
            info.ArgumentIsString = [true];
        }

        _known.Add((name.ToArray(), index, format));
        _knownByName.Add(name, _known.Count - 1);
        return _known.Count - 1;
    }

    private static bool IsNameByte(byte b) =>
        b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'_';
}
