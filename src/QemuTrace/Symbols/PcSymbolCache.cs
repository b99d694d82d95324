using System.Numerics;
using System.Runtime.CompilerServices;

namespace QemuTrace.Symbols;

/// <summary>
/// An open-addressing hash map from PC to symbol id, for the few hundred thousand distinct PCs of a trace: one probe
/// (a multiply, a shift, one cache line) per lookup in the common case. Not thread-safe.
/// </summary>
internal sealed class PcSymbolCache
{
    /// <summary>The key of an empty slot; that PC itself is never cached.</summary>
    private const ulong Empty = ulong.MaxValue;

    /// <summary>Stop growing here (2^24 slots, 256 MiB): beyond, misses just take the binary search.</summary>
    private const int MaxCapacity = 1 << 24;

    private Entry[] _entries;
    private int _shift;
    private int _count;

    public PcSymbolCache(int capacity = 1 << 16)
    {
        int bits = Math.Max(4, 64 - BitOperations.LeadingZeroCount((ulong)capacity - 1));
        _entries = NewTable(1 << bits);
        _shift = 64 - bits;
    }

    public int Count => _count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(ulong pc, out int id)
    {
        var entries = _entries;
        int mask = entries.Length - 1;
        int i = (int)((pc * 0x9E3779B97F4A7C15UL) >> _shift);
        while (true)
        {
            ref var e = ref entries[i];
            if (e.Pc == pc && pc != Empty)
            {
                id = e.Id;
                return true;
            }

            if (e.Pc == Empty)
            {
                id = -1;
                return false;
            }

            i = (i + 1) & mask;
        }
    }

    public void Add(ulong pc, int id)
    {
        if (pc == Empty)
        {
            return;
        }

        if ((_count + 1) * 2 > _entries.Length)
        {
            if (_entries.Length >= MaxCapacity)
            {
                return;
            }

            Grow();
        }

        Insert(_entries, _shift, pc, id);
        _count++;
    }

    private static void Insert(Entry[] entries, int shift, ulong pc, int id)
    {
        int mask = entries.Length - 1;
        int i = (int)((pc * 0x9E3779B97F4A7C15UL) >> shift);
        while (entries[i].Pc != Empty && entries[i].Pc != pc)
        {
            i = (i + 1) & mask;
        }

        entries[i] = new Entry { Pc = pc, Id = id };
    }

    private void Grow()
    {
        var old = _entries;
        var entries = NewTable(old.Length * 2);
        int shift = _shift - 1;
        foreach (var e in old)
        {
            if (e.Pc != Empty)
            {
                Insert(entries, shift, e.Pc, e.Id);
            }
        }

        _entries = entries;
        _shift = shift;
    }

    private static Entry[] NewTable(int size)
    {
        var entries = new Entry[size];
        entries.AsSpan().Fill(new Entry { Pc = Empty, Id = -1 });
        return entries;
    }

    private struct Entry
    {
        public ulong Pc;
        public int Id;
    }
}
