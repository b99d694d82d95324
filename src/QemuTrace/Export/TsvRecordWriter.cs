using QemuTrace.Formats;

namespace QemuTrace.Export;

/// <summary>
/// Tab-separated records for any input format: <c>time_ns	event	pid	args</c>, time_ns counted from the first
/// record (negative for a record earlier than it), args as <c>name=value</c> pairs joined by spaces.
/// </summary>
public sealed class TsvRecordWriter : ITraceRecordWriter
{
    private readonly Utf8LineBuffer _out;
    private readonly IRecordTextSource _reader;
    private readonly EventTextCache _text;
    private ulong _first;
    private bool _started;

    /// <summary>Creates a writer printing <paramref name="reader"/>'s records to <paramref name="output"/>.</summary>
    public TsvRecordWriter(Stream output, IRecordTextSource reader)
    {
        _out = new Utf8LineBuffer(output);
        _reader = reader;
        _text = new EventTextCache(reader, "");
    }

    /// <inheritdoc />
    public void WriteHeader()
    {
        _out.Append("time_ns\tevent\tpid\targs"u8);
        _out.EndLine();
    }

    /// <inheritdoc />
    public void Write(in TraceRecord record)
    {
        int index = record.EventIndex;

        if (!_started)
        {
            _first = record.TimestampNs;
            _started = true;
        }

        _out.AppendDecimal(unchecked((long)(record.TimestampNs - _first)));
        _out.Append((byte)'\t');
        _out.Append(_text.Name(index));
        _out.Append((byte)'\t');
        _out.AppendDecimal((ulong)record.Pid);
        _out.Append((byte)'\t');
        var prefixes = _text.ArgumentPrefixes(index);
        var isString = _reader.Events[index].ArgumentIsString;
        int count = Math.Min(record.ArgumentCount, prefixes.Length);
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                _out.Append((byte)' ');
            }

            _out.Append(prefixes[i]);
            if (i < isString.Length && isString[i])
            {
                foreach (var b in _reader.GetString(record, i))
                {
                    // Keep one record per line and the columns intact.
                    _out.Append(b is (byte)'\t' or (byte)'\n' or (byte)'\r' ? (byte)' ' : b);
                }
            }
            else
            {
                _out.Append("0x"u8);
                _out.AppendHex(record.Arguments[i]);
            }
        }

        _out.EndLine();
    }

    /// <inheritdoc/>
    public void ContinueAfter(ulong firstNs, ulong previousNs)
    {
        _first = firstNs;
        _started = true;
    }

    /// <inheritdoc />
    public void Flush() => _out.Flush();
}
