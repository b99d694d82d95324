using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using QemuTrace.Formats;

namespace QemuTrace.Export;

/// <summary>
/// Prints records exactly as QEMU's <c>scripts/simpletrace.py</c> does:
/// <c>NAME DELTA pid=PID arg=0xHEX ...</c>, DELTA being <c>'%0.3f' % ((ts - previous ts) / 1000.0)</c>
/// (microseconds since the previous record of any event, 0.000 for the first), strings as Python bytes reprs.
/// </summary>
public sealed class SimpletraceTextWriter : ITraceRecordWriter
{
    private readonly Utf8LineBuffer _out;
    private readonly IRecordTextSource _reader;
    private readonly EventTextCache _text;
    private ulong _previous;
    private bool _started;

    /// <summary>Creates a writer printing <paramref name="reader"/>'s records to <paramref name="output"/>.</summary>
    public SimpletraceTextWriter(Stream output, IRecordTextSource reader)
    {
        _out = new Utf8LineBuffer(output);
        _reader = reader;
        _text = new EventTextCache(reader, " ");
    }

    /// <inheritdoc />
    public void WriteHeader()
    {
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(in TraceRecord record)
    {
        int index = record.EventIndex;

        _out.Append(_text.Name(index));
        _out.Append((byte)' ');
        if (!_started)
        {
            _previous = record.TimestampNs;
            _started = true;
        }

        AppendDelta(record.TimestampNs, _previous);
        _previous = record.TimestampNs;
        _out.Append(" pid="u8);
        _out.AppendDecimal((ulong)record.Pid);
        var prefixes = _text.ArgumentPrefixes(index);
        int count = Math.Min(record.ArgumentCount, prefixes.Length);
        if (!_text.HasStrings(index))
        {
            // The common case (exec_tb, exec_tb_exit): integers only.
            for (int i = 0; i < count; i++)
            {
                _out.Append(prefixes[i]);
                _out.Append("0x"u8);
                _out.AppendHex(record.Arguments[i]);
            }

            _out.EndLine();
            return;
        }

        var isString = _reader.Events[index].ArgumentIsString;
        for (int i = 0; i < count; i++)
        {
            _out.Append(prefixes[i]);
            if (i < isString.Length && isString[i])
            {
                PythonBytesRepr.Append(_out, _reader.GetString(record, i));
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
        _previous = previousNs;
        _started = true;
    }

    /// <inheritdoc />
    public void Flush() => _out.Flush();

    private void AppendDelta(ulong timestamp, ulong previous)
    {
        bool negative = timestamp < previous;
        ulong magnitude = negative ? previous - timestamp : timestamp - previous;
        if (magnitude < 1UL << 53)
        {
            // Exact here: the double nearest delta/1000 prints back as the integer's own digits.
            ulong m = magnitude;
            if (negative)
            {
                _out.Append((byte)'-');
            }

            _out.AppendDecimal(m / 1000);
            _out.Append((byte)'.');
            ulong frac = m % 1000;
            _out.Append((byte)('0' + (frac / 100)));
            _out.Append((byte)('0' + (frac / 10 % 10)));
            _out.Append((byte)('0' + (frac % 10)));
            return;
        }

        // Python converts the integer to a double first, then divides and rounds to 3 decimals.
        Int128 delta = (Int128)timestamp - previous;
        double us = (double)delta / 1000.0;
        _out.Append(Encoding.ASCII.GetBytes(us.ToString("F3", CultureInfo.InvariantCulture)));
    }
}
