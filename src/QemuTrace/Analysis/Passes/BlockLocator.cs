using System.Runtime.CompilerServices;
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void LocateRun(LocatedColumns run)
    {
        var pcs = run.Pc;
        var isBlock = run.IsBlock;
        var slots = run.Slots;
        var functions = run.Functions;
        var regions = run.Regions;
        var flags = run.Flags;
        for (int i = 0; i < pcs.Length; i++)
        {
            if (isBlock[i])
            {
                var at = Locate(pcs[i]);
                slots[i] = at.Slot;
                functions[i] = at.Function;
                regions[i] = at.Region;
                flags[i] = LocatedColumns.FlagsOf(at);
            }
        }
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
