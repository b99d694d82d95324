namespace QemuTrace.Symbols;

/// <summary>
/// Finds a kernel's KASLR offset from the PCs of a trace: exec_tb PCs are translated-block starts, and many blocks
/// start a function (after a call), so the right shift puts far more observed PCs exactly on function starts than
/// any other. x86-64 KASLR moves the kernel by multiples of <see cref="Alignment"/> within the kernel-image range.
/// </summary>
public static class KaslrOffsetFinder
{
    /// <summary>The step of x86-64 KASLR (CONFIG_PHYSICAL_ALIGN, at least 2 MiB on x86-64).</summary>
    public const ulong Alignment = 0x20_0000;

    /// <summary>End (exclusive) of the range the kernel image can be moved within (1 GiB above its start).</summary>
    public const ulong KernelImageEnd = 0xffff_ffff_c000_0000;

    /// <summary>Tries every offset that keeps the kernel's text in its range and returns the best.</summary>
    /// <param name="kernel">The vmlinux (or System.map) at its link addresses.</param>
    /// <param name="pcs">Trace PCs (any; only distinct ones in the kernel-image range are used).</param>
    /// <param name="maxSamples">At most this many distinct kernel PCs are tried.</param>
    public static KaslrEstimate Find(SymbolFile kernel, IEnumerable<ulong> pcs, int maxSamples = 50_000)
    {
        var starts = new HashSet<ulong>();
        ulong low = ulong.MaxValue, high = 0;
        for (int i = 0; i < kernel.SymbolCount; i++)
        {
            var type = kernel.Types[i];
            ulong address = kernel.Addresses[i];
            if (type is MinimalSymbolType.Text or MinimalSymbolType.FileText or MinimalSymbolType.TextGnuIfunc && address >= AddressRegions.KernelTextStart)
            {
                starts.Add(address);
                low = Math.Min(low, address);
                high = Math.Max(high, address);
            }
        }

        var sample = new List<ulong>();
        var seen = new HashSet<ulong>();
        foreach (ulong pc in pcs)
        {
            if (pc >= AddressRegions.KernelTextStart && pc < KernelImageEnd && seen.Add(pc))
            {
                sample.Add(pc);
                if (sample.Count >= maxSamples)
                {
                    break;
                }
            }
        }

        if (starts.Count == 0 || sample.Count == 0)
        {
            return new KaslrEstimate(0, 0, sample.Count, 0, 0);
        }

        // Offsets (as signed steps) that keep [low, high] inside [KernelTextStart, KernelImageEnd).
        long first = -(long)((low - AddressRegions.KernelTextStart) / Alignment);
        long last = (long)((KernelImageEnd - 1 - high) / Alignment);
        ulong bestOffset = 0, secondOffset = 0;
        int best = -1, second = -1;
        for (long step = first; step <= last; step++)
        {
            ulong offset = unchecked((ulong)(step * (long)Alignment));
            int hits = 0;
            foreach (ulong pc in sample)
            {
                if (starts.Contains(pc - offset))
                {
                    hits++;
                }
            }

            if (hits > best)
            {
                (second, secondOffset) = (best, bestOffset);
                (best, bestOffset) = (hits, offset);
            }
            else if (hits > second)
            {
                (second, secondOffset) = (hits, offset);
            }
        }

        return new KaslrEstimate(bestOffset, best, sample.Count, secondOffset, Math.Max(second, 0));
    }
}
