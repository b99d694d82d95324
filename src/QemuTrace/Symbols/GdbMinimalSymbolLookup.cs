namespace QemuTrace.Symbols;

/// <summary>
/// gdb's choice of a minimal symbol for an address, as <c>info symbol</c> makes it: gdb 13
/// <c>lookup_minimal_symbol_by_pc_section</c> (minsyms.c) with the section of the address and
/// <c>prefer = TEXT</c>, on one object file's table.
/// </summary>
internal static class GdbMinimalSymbolLookup
{
    /// <summary>The index of gdb's symbol for <paramref name="pc"/> in <paramref name="section"/> of <paramref name="file"/>, or -1.</summary>
    public static int Find(SymbolFile file, ulong pc, int section)
    {
        var addresses = file.Addresses;
        var sizes = file.Sizes;
        var types = file.Types;
        var sections = file.SectionIndexes;
        int count = addresses.Length;
        if (count == 0 || pc < addresses[0])
        {
            return -1;
        }

        // hi: the last symbol at or below pc (gdb's binary search, then forward over equal addresses).
        int lo = 0, hi = count;
        while (lo < hi)
        {
            int mid = (int)(((uint)lo + (uint)hi) >> 1);
            if (addresses[mid] <= pc)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        hi = lo - 1;
        ulong lowest = file.LowestSymbolInSection[section];
        int bestZeroSized = -1;
        while (hi >= 0)
        {
            // Below the lowest symbol of the section every remaining symbol is skipped as from the wrong section.
            if (addresses[hi] < lowest)
            {
                hi = -1;
                break;
            }

            // Absolute symbols are never chosen.
            if (types[hi] == MinimalSymbolType.Abs)
            {
                hi--;
                continue;
            }

            // Symbols of another section are skipped.
            if (sections[hi] >= 0 && sections[hi] != section)
            {
                hi--;
                continue;
            }

            // Among otherwise identical aliases (address, size, section) prefer a global text symbol.
            if (hi > 0
                && types[hi] != MinimalSymbolType.Text
                && types[hi - 1] == MinimalSymbolType.Text
                && sizes[hi] == sizes[hi - 1]
                && addresses[hi] == addresses[hi - 1]
                && sections[hi] == sections[hi - 1])
            {
                hi--;
                continue;
            }

            // A zero-sized symbol is remembered (the first met, i.e. the highest) and the scan goes on for a sized one.
            if (sizes[hi] == 0)
            {
                if (bestZeroSized == -1)
                {
                    bestZeroSized = hi;
                    hi--;
                }
                else
                {
                    // Every further zero-sized symbol would be skipped too: jump to the previous sized one.
                    hi = hi == 0 ? -1 : file.PreviousSized[hi - 1];
                }

                continue;
            }

            // Past this symbol's end but inside the previous symbol's (nested sized symbols): take the previous one.
            if (hi > 0
                && pc - addresses[hi] >= sizes[hi]
                && pc - addresses[hi - 1] < sizes[hi - 1])
            {
                hi--;
                continue;
            }

            break;
        }

        if (bestZeroSized != -1 && (hi < 0 || sizes[hi] == 0))
        {
            hi = bestZeroSized;
        }

        // A sized symbol that ends before pc does not match; a zero-sized symbol above it does.
        if (hi >= 0 && sizes[hi] != 0 && pc - addresses[hi] >= sizes[hi])
        {
            return bestZeroSized;
        }

        return hi;
    }
}
