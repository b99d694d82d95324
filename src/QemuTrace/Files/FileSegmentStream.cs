using Microsoft.Win32.SafeHandles;

namespace QemuTrace.Files;

/// <summary>
/// A read-only stream over <c>[offset, offset + length)</c> of an open file, read with positional reads, so that
/// several threads can each read their own part of one file through the same handle.
/// </summary>
internal sealed class FileSegmentStream(SafeFileHandle file, long offset, long length) : Stream
{
    private long _position;

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => length;

    /// <inheritdoc />
    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        long left = length - _position;
        if (left <= 0 || buffer.IsEmpty)
        {
            return 0;
        }

        int n = RandomAccess.Read(file, buffer[..(int)Math.Min(buffer.Length, left)], offset + _position);
        _position += n;
        return n;
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
