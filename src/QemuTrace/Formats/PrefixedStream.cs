namespace QemuTrace.Formats;

/// <summary>
/// A forward-only stream that first replays bytes already read from <c>inner</c> (a sniffed prefix), then continues
/// with <c>inner</c>: how a pipe, a FIFO or stdin, which cannot seek back, is sniffed and then read from its start.
/// </summary>
internal sealed class PrefixedStream : Stream
{
    private readonly byte[] _prefix;
    private readonly int _prefixLength;
    private readonly Stream _inner;
    private int _replayed;
    private long _position;

    public PrefixedStream(byte[] prefix, int prefixLength, Stream inner)
    {
        _prefix = prefix;
        _prefixLength = prefixLength;
        _inner = inner;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n;
        if (_replayed < _prefixLength)
        {
            n = Math.Min(buffer.Length, _prefixLength - _replayed);
            _prefix.AsSpan(_replayed, n).CopyTo(buffer);
            _replayed += n;
        }
        else
        {
            n = _inner.Read(buffer);
        }

        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
