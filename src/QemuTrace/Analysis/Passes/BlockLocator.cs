using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using QemuTrace.Symbols;

namespace QemuTrace.Analysis.Passes;

/// <summary>Where a block landed: its slot and identity, and the kernel-start state after it.</summary>
internal readonly record struct BlockSlot(int Slot, int Function, AddressRegion Region, bool IsNew, bool KernelStarted, bool StartsKernel);

/// <summary>
/// Gives each block PC its slot (a dense number per distinct PC and boot phase) and identity (function, region):
/// one probe of a direct-mapped cache of recent keys, the hash table on a miss, symbolization once per new slot.
/// The answer depends only on the order of the block PCs, so a run can be located on the reading thread before the
/// passes see it (<see cref="LocateRun"/>).
/// </summary>
internal sealed class BlockLocator(IPcSymbolizer symbols)
{
    private const int RecentSize = 4096;

    /// <summary>Slot numbers up to this fit in a <see cref="RecentKey"/>; beyond it (16 M distinct PCs) blocks take the table.</summary>
    private const uint CachedSlotMask = (1 << 24) - 1;

    private readonly PcTable _table = new();
    private readonly RecentKey[] _recent = new RecentKey[RecentSize];
    private SlotIdentity[] _identity = new SlotIdentity[4096];
    private bool _kernelStarted;

    /// <summary>Distinct slots so far.</summary>
    public int Count => _table.Count;

    /// <summary>A slot's function (symbol id, or -1 - region) and region, side by side.</summary>
    private readonly record struct SlotIdentity(int Function, AddressRegion Region);

    /// <summary>A recent key with its slot and identity: a hit needs nothing else (16 bytes, four to a cache line).</summary>
    private struct RecentKey
    {
        public ulong Key;

        /// <summary>The slot + 1 in the low 24 bits (0: empty), the region in the high 8.</summary>
        public uint SlotAndRegion;

        public int Function;
    }

    /// <summary>The next block's slot and identity.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public BlockSlot Locate(ulong pc)
    {
        bool startsKernel = !_kernelStarted && pc >= BootRegions.KernelTextStart;
        _kernelStarted |= startsKernel;
        ulong key = BootRegions.PhaseKey(pc, _kernelStarted);

        // Code runs in loops, so most blocks hit the recent keys.
        ref var cached = ref _recent[(int)(key ^ (key >> 13)) & (RecentSize - 1)];
        uint slotAndRegion = cached.SlotAndRegion;
        if (cached.Key == key && (slotAndRegion & CachedSlotMask) != 0)
        {
            return new BlockSlot((int)(slotAndRegion & CachedSlotMask) - 1, cached.Function, (AddressRegion)(slotAndRegion >> 24),
                false, _kernelStarted, startsKernel);
        }

        return LocateInTable(ref cached, key, pc, startsKernel);
    }

    /// <summary>Locates every block record of <paramref name="run"/>, in order, into its located columns.</summary>
    /// <remarks>
    /// Blocks that hit the recent keys (about 95 % on a boot) take <see cref="LocateHits"/>, a loop with nothing else
    /// in it; it stops at a miss or at the block that starts the kernel, which <see cref="Locate"/> then takes.
    /// </remarks>
    public void LocateRun(LocatedColumns run)
    {
        var (_, pcs, _, _, _, isBlock) = run.Arrays;
        int count = run.Count;
        if (pcs.Length < count || isBlock.Length < count || run.Slots.Length < count || run.Functions.Length < count
            || run.Regions.Length < count || run.Flags.Length < count)
        {
            throw new InvalidOperationException("the located columns' arrays are shorter than their count");
        }

        nint i = 0;
        while (i < count)
        {
            i = LocateHits(ref MemoryMarshal.GetArrayDataReference(_recent), ref MemoryMarshal.GetArrayDataReference(pcs),
                ref MemoryMarshal.GetArrayDataReference(isBlock), ref MemoryMarshal.GetArrayDataReference(run.Slots),
                ref MemoryMarshal.GetArrayDataReference(run.Functions), ref MemoryMarshal.GetArrayDataReference(run.Regions),
                ref MemoryMarshal.GetArrayDataReference(run.Flags), i, count, _kernelStarted);
            if (i >= count)
            {
                break;
            }

            var at = Locate(pcs[i]);
            run.Slots[i] = at.Slot;
            run.Functions[i] = at.Function;
            run.Regions[i] = at.Region;
            run.Flags[i] = LocatedColumns.FlagsOf(at);
            i++;
        }
    }

    /// <summary>
    /// The block records from <paramref name="i"/> whose key is among the recent keys, located; where it stopped (a
    /// miss, or before the kernel started a block at or above <see cref="BootRegions.KernelTextStart"/>), or
    /// <paramref name="count"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static nint LocateHits(
        ref RecentKey recent, ref ulong pcs, ref bool isBlock, ref int slots, ref int functions, ref AddressRegion regions,
        ref byte flags, nint i, nint count, bool kernelStarted)
    {
        // A hit is never a new slot and never starts the kernel: its flags say only whether the kernel had started.
        byte hitFlags = LocatedColumns.FlagsOf(new BlockSlot(0, 0, default, false, kernelStarted, false));
        for (; i < count; i++)
        {
            if (!Unsafe.Add(ref isBlock, i))
            {
                continue;
            }

            ulong pc = Unsafe.Add(ref pcs, i);
            if (!kernelStarted && pc >= BootRegions.KernelTextStart)
            {
                return i;
            }

            ulong key = BootRegions.PhaseKey(pc, kernelStarted);
            ref var cached = ref Unsafe.Add(ref recent, (nint)((key ^ (key >> 13)) & (RecentSize - 1)));
            uint slotAndRegion = cached.SlotAndRegion;
            if (cached.Key != key || (slotAndRegion & CachedSlotMask) == 0)
            {
                return i;
            }

            Unsafe.Add(ref slots, i) = (int)(slotAndRegion & CachedSlotMask) - 1;
            Unsafe.Add(ref functions, i) = cached.Function;
            Unsafe.Add(ref regions, i) = (AddressRegion)(slotAndRegion >> 24);
            Unsafe.Add(ref flags, i) = hitFlags;
        }

        return count;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private BlockSlot LocateInTable(ref RecentKey cached, ulong key, ulong pc, bool startsKernel)
    {
        int slot = _table.GetOrAdd(key, out bool added);
        if (added)
        {
            if (slot >= _identity.Length)
            {
                Array.Resize(ref _identity, _identity.Length * 2);
            }

            // Functions are symbol ids >= 0, or -1 - region for a region's pseudo-function.
            var (function, region) = BootPcNamer.Identify(symbols, pc, _kernelStarted);
            _identity[slot] = new SlotIdentity(function >= 0 ? function : TraceStreamInfo.PseudoFunctionOf(region), region);
        }

        var identity = _identity[slot];
        if ((uint)slot < CachedSlotMask)
        {
            cached.Key = key;
            cached.SlotAndRegion = (uint)(slot + 1) | ((uint)identity.Region << 24);
            cached.Function = identity.Function;
        }

        return new BlockSlot(slot, identity.Function, identity.Region, added, _kernelStarted, startsKernel);
    }
}
