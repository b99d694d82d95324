namespace QemuTrace.Formats;

/// <summary>
/// The bytes of a record's string arguments, kept in one reusable buffer: an argument slot holds a handle
/// (offset, length) that stays valid until the next record is read.
/// </summary>
internal sealed class StringArena
{
    private byte[] _bytes = new byte[256];
    private int _length;

    /// <summary>Forgets the previous record's strings.</summary>
    public void Clear() => _length = 0;

    /// <summary>Copies <paramref name="bytes"/> in and returns its handle.</summary>
    public ulong Store(ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + bytes.Length));
        }

        bytes.CopyTo(_bytes.AsSpan(_length));
        ulong handle = ((ulong)(uint)_length << 32) | (uint)bytes.Length;
        _length += bytes.Length;
        return handle;
    }

    /// <summary>The bytes of a handle.</summary>
    public ReadOnlySpan<byte> Get(ulong handle) => _bytes.AsSpan((int)(handle >> 32), (int)(uint)handle);
}
