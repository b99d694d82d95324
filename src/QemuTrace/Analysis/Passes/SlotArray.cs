using System.Runtime.CompilerServices;

namespace QemuTrace.Analysis.Passes;

/// <summary>
/// Per-PC state of a pass, indexed by <see cref="TraceBlock.Slot"/>: an array that grows as new slots appear, so a
/// pass keeps one value per distinct PC without hashing.
/// </summary>
public sealed class SlotArray<T>
{
    private T[] _items;
    private readonly T _initial;

    /// <summary>Creates the array; slots not yet written read as <paramref name="initial"/>.</summary>
    public SlotArray(T initial = default!, int capacity = 4096)
    {
        _initial = initial;
        _items = new T[capacity];
        if (!EqualityComparer<T>.Default.Equals(initial, default!))
        {
            Array.Fill(_items, initial);
        }
    }

    /// <summary>The value of <paramref name="slot"/>, by reference.</summary>
    public ref T this[int slot]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)slot >= (uint)_items.Length)
            {
                Grow(slot);
            }

            // The bounds are checked above; no second check, and no covariance check for reference types.
            return ref Unsafe.Add(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(_items), slot);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        int size = Math.Max(_items.Length * 2, slot + 1);
        int old = _items.Length;
        Array.Resize(ref _items, size);
        if (!EqualityComparer<T>.Default.Equals(_initial, default!))
        {
            Array.Fill(_items, _initial, old, size - old);
        }
    }
}
