using System.Runtime.CompilerServices;

namespace QemuTrace.Analysis;

/// <summary>
/// Open-addressing hash table from a PC key to a dense slot number, so that per-record work is one probe and
/// everything else (symbolization, classification) happens once per distinct PC.
/// </summary>
internal sealed class PcTable
{
    private ulong[] _keys = new ulong[1 << 16];
    private int[] _slots = new int[1 << 16];
    private int _mask = (1 << 16) - 1;

    /// <summary>Number of distinct keys.</summary>
    public int Count { get; private set; }

    /// <summary>Keys by slot.</summary>
    public ulong[] KeysBySlot { get; private set; } = new ulong[1 << 12];

    /// <summary>Finds the slot of <paramref name="key"/>; adds it when absent and sets <paramref name="added"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetOrAdd(ulong key, out bool added)
    {
        int i = Hash(key) & _mask;
        while (true)
        {
            int slot = _slots[i] - 1;
            if (slot < 0)
            {
                added = true;
                return Add(key, i);
            }

            if (_keys[i] == key)
            {
                added = false;
                return slot;
            }

            i = (i + 1) & _mask;
        }
    }

    private int Add(ulong key, int at)
    {
        int slot = Count++;
        _keys[at] = key;
        _slots[at] = slot + 1;
        if (slot >= KeysBySlot.Length)
        {
            var grown = KeysBySlot;
            Array.Resize(ref grown, grown.Length * 2);
            KeysBySlot = grown;
        }

        KeysBySlot[slot] = key;
        if (Count * 2 > _keys.Length)
        {
            Rehash();
        }

        return slot;
    }

    private void Rehash()
    {
        var oldKeys = _keys;
        var oldSlots = _slots;
        _keys = new ulong[oldKeys.Length * 2];
        _slots = new int[oldKeys.Length * 2];
        _mask = _keys.Length - 1;
        for (int j = 0; j < oldKeys.Length; j++)
        {
            if (oldSlots[j] == 0)
            {
                continue;
            }

            int i = Hash(oldKeys[j]) & _mask;
            while (_slots[i] != 0)
            {
                i = (i + 1) & _mask;
            }

            _keys[i] = oldKeys[j];
            _slots[i] = oldSlots[j];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(ulong key) => (int)((key * 0x9E37_79B9_7F4A_7C15UL) >> 40);
}
