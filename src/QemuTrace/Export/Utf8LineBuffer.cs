using System.Buffers.Text;
using System.Runtime.CompilerServices;

namespace QemuTrace.Export;

/// <summary>A byte buffer that text writers append UTF-8 to and flush to a stream in large writes.</summary>
internal sealed class Utf8LineBuffer
{
    private const int FlushAt = 1 << 16;
    private readonly Stream _output;
    private byte[] _buffer = new byte[FlushAt + 4096];
    private int _length;

    public Utf8LineBuffer(Stream output) => _output = output;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _buffer.Length)
        {
            Grow(bytes.Length);
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(byte b)
    {
        if (_length == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[_length++] = b;
    }

    public void AppendDecimal(ulong value)
    {
        Reserve(20);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out int written);
        _length += written;
    }

    public void AppendDecimal(long value)
    {
        Reserve(20);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out int written);
        _length += written;
    }

    /// <summary>Lower-case hex without leading zeros, like Python's <c>%x</c>.</summary>
    public void AppendHex(ulong value)
    {
        Reserve(16);

        // Lower-case digits, no leading zeros (as Python's hex() and Utf8Formatter's 'x' print them).
        int digits = value == 0 ? 1 : (67 - System.Numerics.BitOperations.LeadingZeroCount(value)) >> 2;
        var digitsOf = "0123456789abcdef"u8;
        ref byte first = ref _buffer[_length];
        for (int i = digits - 1; i >= 0; i--)
        {
            Unsafe.Add(ref first, i) = digitsOf[(int)(value & 0xF)];
            value >>= 4;
        }

        _length += digits;
    }

    /// <summary>Ends a line and flushes when the buffer is full enough.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EndLine()
    {
        Append((byte)'\n');
        if (_length >= FlushAt)
        {
            Flush();
        }
    }

    public void Flush()
    {
        _output.Write(_buffer, 0, _length);
        _length = 0;
    }

    private void Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Grow(count);
        }
    }

    private void Grow(int count)
    {
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
    }
}
