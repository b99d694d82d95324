namespace QemuTrace.Formats.Text;

/// <summary>
/// Event names as bytes -> a reader's slot, looked up from a span without allocating: a hash lookup, so a text trace
/// with 100 k distinct event names costs 100 k probes, not 100 k x 100 k comparisons. The name met last is checked first
/// (traces repeat one event, exec_tb, nearly always).
/// </summary>
internal sealed class EventNameIndex
{
    private readonly Dictionary<byte[], int> _slots = new(ByteNameComparer.Instance);
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _bySpan;
    private byte[] _lastName = [];
    private int _lastSlot = -1;

    public EventNameIndex() => _bySpan = _slots.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>The slot of <paramref name="name"/>, or false when it was never added.</summary>
    public bool TryGet(ReadOnlySpan<byte> name, out int slot)
    {
        if (_lastSlot >= 0 && name.SequenceEqual(_lastName))
        {
            slot = _lastSlot;
            return true;
        }

        if (_bySpan.TryGetValue(name, out var key, out slot))
        {
            _lastName = key;
            _lastSlot = slot;
            return true;
        }

        return false;
    }

    /// <summary>Adds a name not yet present.</summary>
    public void Add(ReadOnlySpan<byte> name, int slot) => _slots.Add(name.ToArray(), slot);

    private sealed class ByteNameComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly ByteNameComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode(obj.AsSpan());

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = default(HashCode);
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
