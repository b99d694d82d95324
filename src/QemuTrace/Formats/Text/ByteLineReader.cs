using System.Buffers;

namespace QemuTrace.Formats.Text;

/// <summary>Splits a stream into lines of bytes over a pooled buffer; '\n' ends a line and a trailing '\r' is dropped.</summary>
internal sealed class ByteLineReader : IDisposable
{
    private readonly Stream _stream;
    private readonly string _source;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
    private int _pos;
    private int _end;
    private bool _eof;
    private long _consumedBefore;

    private readonly int _maxLineBytes;

    /// <summary>Reads lines of <paramref name="stream"/>; a line longer than <paramref name="maxLineBytes"/> is an error naming <paramref name="source"/>.</summary>
    public ByteLineReader(Stream stream, string source, int maxLineBytes = 64 << 20)
    {
        _stream = stream;
        _source = source;
        _maxLineBytes = maxLineBytes;
    }

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Bytes consumed so far.</summary>
    public long BytesRead => _consumedBefore + _pos;

    /// <summary>Reads the next line; false at the end of the input.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            int nl = _buffer.AsSpan(_pos, _end - _pos).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                line = Trim(_buffer.AsSpan(_pos, nl));
                _pos += nl + 1;
                LineNumber++;
                return true;
            }

            if (_eof)
            {
                if (_pos < _end)
                {
                    line = Trim(_buffer.AsSpan(_pos, _end - _pos));
                    _pos = _end;
                    LineNumber++;
                    return true;
                }

                line = default;
                return false;
            }

            Fill();
        }
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    private void Fill()
    {
        int remaining = _end - _pos;
        if (_pos > 0)
        {
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, remaining);
            _consumedBefore += _pos;
            _pos = 0;
            _end = remaining;
        }

        if (_end >= _maxLineBytes)
        {
            throw new TraceFormatException(_source, TraceLocation.Line(LineNumber + 1),
                $"a line longer than {(_maxLineBytes >= 1 << 20 ? $"{_maxLineBytes >> 20} MiB" : $"{_maxLineBytes} bytes")}: this is not a text file of the expected kind; check the path");
        }

        if (_end == _buffer.Length)
        {

            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        int n;
        try
        {
            n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new TraceFormatException(_source, TraceLocation.Line(LineNumber + 1), $"read failed: {e.Message}");
        }

        if (n == 0)
        {
            _eof = true;
        }

        _end += n;
    }

    public void Dispose()
    {
        _stream.Dispose();
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
