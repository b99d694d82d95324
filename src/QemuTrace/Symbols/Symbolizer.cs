using System.Runtime.CompilerServices;
using System.Text;

namespace QemuTrace.Symbols;

/// <summary>
/// Maps guest PCs to symbols for whole traces, with gdb's <c>info symbol</c> choice for every address.
/// </summary>
/// <remarks>
/// <para>
/// gdb's answer for a PC depends only on which symbol starts, symbol ends and section bounds lie at or below it, so
/// at construction the address space is cut at every such point and gdb's lookup is run once per piece. A lookup is
/// then a binary search over those sorted boundaries, and repeated PCs (a trace has a few hundred thousand distinct
/// ones among tens of millions of records) hit an open-addressing cache keyed by PC.
/// </para>
/// <para>
/// Symbols get dense integer ids (0 .. <see cref="SymbolCount"/> - 1) so analyses aggregate on integers;
/// <see cref="GetSymbol"/> and <see cref="GetName"/> turn them back into names at the end.
/// </para>
/// <example>
/// <code>
/// var symbolizer = new Symbolizer([ElfSymbolReader.Load("vmlinux")]);
/// int id = symbolizer.LookupId(0xffffffff81000000);        // startup_64
/// string name = id >= 0 ? symbolizer.GetName(id) : AddressRegions.PseudoFunctionName(symbolizer.Regions.Classify(pc, kernelStarted: false));
/// Console.WriteLine(symbolizer.DescribeLikeGdb(0xffffffff81000005)); // startup_64 + 5 in section .text
/// </code>
/// </example>
/// <para>Lookups through <see cref="LookupId"/> share one cache and are not thread-safe; use one symbolizer per thread or <see cref="LookupIdUncached"/>.</para>
/// </remarks>
public sealed class Symbolizer
{
    private readonly SymbolFile[] _files;
    private readonly int[] _firstId;
    private readonly int[] _fileOfId;
    private readonly ulong[] _boundaries;
    private readonly int[] _ids;
    private readonly PcSymbolCache _cache = new();
    private readonly SymbolInfo?[] _infos;
    private AddressMap? _regions;

    /// <summary>Builds the lookup over <paramref name="files"/>, in gdb's objfile order (the kernel first, then modules).</summary>
    /// <exception cref="ArgumentException">No files.</exception>
    public Symbolizer(IEnumerable<SymbolFile> files)
    {
        _files = files.ToArray();
        if (_files.Length == 0)
        {
            throw new ArgumentException("at least one symbol file is needed", nameof(files));
        }

        _firstId = new int[_files.Length];
        int total = 0;
        for (int f = 0; f < _files.Length; f++)
        {
            _firstId[f] = total;
            total += _files[f].SymbolCount;
        }

        _fileOfId = new int[total];
        for (int f = 0; f < _files.Length; f++)
        {
            _fileOfId.AsSpan(_firstId[f], _files[f].SymbolCount).Fill(f);
        }

        _infos = new SymbolInfo?[total];
        var tables = _files.Select((file, f) => BuildTable(file, _firstId[f])).ToArray();
        (_boundaries, _ids) = tables.Length == 1 ? tables[0] : Merge(tables);
    }

    /// <summary>The symbol files, in lookup order.</summary>
    public IReadOnlyList<SymbolFile> Files => _files;

    /// <summary>Number of symbol ids.</summary>
    public int SymbolCount => _fileOfId.Length;

    /// <summary>Number of address ranges with a constant answer (the binary search's table size).</summary>
    public int RangeCount => _boundaries.Length;

    /// <summary>Distinct PCs in the lookup cache.</summary>
    public int CachedPcCount => _cache.Count;

    /// <summary>The first symbol file's ELF entry point (the kernel's physical entry, e.g. 0x1000000), if any.</summary>
    public ulong? ElfEntryPoint => _files.Select(f => f.EntryPoint).FirstOrDefault(e => e is not null);

    /// <summary>
    /// The address classifier for these symbols (the kernel image where KASLR put it, the loaded modules). Firmware and
    /// real-mode PCs are firmware even where gdb names them with per-CPU data symbols.
    /// </summary>
    public AddressMap Regions => _regions ??= AddressMap.FromSymbols(_files);

    /// <summary>The id of gdb's symbol for <paramref name="pc"/>, or -1 (gdb: "No symbol matches"). Cached per PC; not thread-safe.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int LookupId(ulong pc)
    {
        if (_cache.TryGet(pc, out int id))
        {
            return id;
        }

        return LookupAndCache(pc);
    }

    /// <summary>Looks up every PC of <paramref name="pcs"/> into <paramref name="ids"/> (same length).</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public void LookupIds(ReadOnlySpan<ulong> pcs, Span<int> ids)
    {
        if (ids.Length != pcs.Length)
        {
            throw new ArgumentException("ids must have the length of pcs", nameof(ids));
        }

        ulong previousPc = 0;
        int previousId = LookupId(0);
        for (int i = 0; i < pcs.Length; i++)
        {
            ulong pc = pcs[i];
            if (pc != previousPc)
            {
                previousPc = pc;
                previousId = LookupId(pc);
            }

            ids[i] = previousId;
        }
    }

    /// <summary>The id of gdb's symbol for <paramref name="pc"/>, or -1, without the cache (thread-safe).</summary>
    public int LookupIdUncached(ulong pc)
    {
        var boundaries = _boundaries;
        int lo = 0, hi = boundaries.Length;
        while (lo < hi)
        {
            int mid = (int)(((uint)lo + (uint)hi) >> 1);
            if (boundaries[mid] <= pc)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo == 0 ? -1 : _ids[lo - 1];
    }

    /// <summary>Symbol <paramref name="id"/>: name, address, size, section and object file.</summary>
    public SymbolInfo GetSymbol(int id)
    {
        var info = _infos[id];
        if (info is null)
        {
            int f = _fileOfId[id];
            _infos[id] = info = _files[f].GetSymbol(id - _firstId[f]);
        }

        return info;
    }

    /// <summary>gdb's print name of symbol <paramref name="id"/> (allocated once per symbol).</summary>
    public string GetName(int id)
    {
        int f = _fileOfId[id];
        return _files[f].GetPrintName(id - _firstId[f]);
    }

    /// <summary>The address of symbol <paramref name="id"/>.</summary>
    public ulong GetAddress(int id)
    {
        int f = _fileOfId[id];
        return _files[f].Addresses[id - _firstId[f]];
    }

    /// <summary>gdb's symbol for <paramref name="pc"/> and the offset of <paramref name="pc"/> into it.</summary>
    public bool TryLookup(ulong pc, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SymbolInfo? symbol, out ulong offset)
    {
        int id = LookupId(pc);
        if (id < 0)
        {
            symbol = null;
            offset = 0;
            return false;
        }

        symbol = GetSymbol(id);
        offset = pc - symbol.Address;
        return true;
    }

    /// <summary>Exactly what gdb's <c>info symbol 0xPC</c> prints (without the final newline) for these files.</summary>
    public string DescribeLikeGdb(ulong pc) => DescribeLikeGdb(pc, $"0x{pc:x}");

    /// <summary>
    /// Exactly what gdb's <c>info symbol ADDRESS</c> prints, without the final newline: <c>SYM in section SECT</c>,
    /// <c>SYM + OFF in section SECT</c> (OFF decimal), with <c> of FILE</c> when several files are loaded, one line per
    /// matching section, or <c>No symbol matches ADDRESS.</c> with the address as the user wrote it
    /// (<paramref name="addressText"/>).
    /// </summary>
    public string DescribeLikeGdb(ulong pc, string addressText)
    {
        StringBuilder? text = null;
        bool several = _files.Length > 1;
        foreach (var file in _files)
        {
            var sections = file.Sections;
            for (int s = 0; s < sections.Count; s++)
            {
                if (!sections[s].Contains(pc))
                {
                    continue;
                }

                int index = GdbMinimalSymbolLookup.Find(file, pc, s);
                if (index < 0)
                {
                    continue;
                }

                text = text is null ? new StringBuilder() : text.Append('\n');
                text.Append(file.GetPrintName(index));

                // gdb prints the offset with %u of an unsigned int.
                uint offset = unchecked((uint)(pc - file.Addresses[index]));
                if (offset != 0)
                {
                    text.Append(" + ").Append(offset);
                }

                text.Append(" in section ").Append(sections[s].Name);
                if (several)
                {
                    text.Append(" of ").Append(file.Path);
                }
            }
        }

        return text?.ToString() ?? $"No symbol matches {addressText}.";
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int LookupAndCache(ulong pc)
    {
        int id = LookupIdUncached(pc);
        _cache.Add(pc, id);
        return id;
    }

    /// <summary>The constant-answer ranges of one file: sorted range starts and gdb's symbol id (or -1) for each.</summary>
    private static (ulong[] Boundaries, int[] Ids) BuildTable(SymbolFile file, int firstId)
    {
        var points = new List<ulong>(file.SymbolCount * 2 + file.Sections.Count * 2 + 1) { 0 };
        foreach (var section in file.Sections)
        {
            points.Add(section.Address);
            if (section.End != ulong.MaxValue)
            {
                points.Add(section.End);
            }
        }

        for (int i = 0; i < file.SymbolCount; i++)
        {
            points.Add(file.Addresses[i]);
            ulong end = file.Addresses[i] + file.Sizes[i];
            if (file.Sizes[i] != 0 && end > file.Addresses[i])
            {
                points.Add(end);
            }
        }

        points.Sort();
        var boundaries = new List<ulong>(points.Count);
        var ids = new List<int>(points.Count);
        ulong previous = 0;
        bool first = true;
        foreach (ulong point in points)
        {
            if (!first && point == previous)
            {
                continue;
            }

            first = false;
            previous = point;
            int id = -1;
            var sections = file.Sections;
            for (int s = 0; s < sections.Count && id < 0; s++)
            {
                if (sections[s].Contains(point))
                {
                    int index = GdbMinimalSymbolLookup.Find(file, point, s);
                    id = index < 0 ? -1 : firstId + index;
                }
            }

            if (ids.Count > 0 && ids[^1] == id)
            {
                continue;
            }

            boundaries.Add(point);
            ids.Add(id);
        }

        return (boundaries.ToArray(), ids.ToArray());
    }

    /// <summary>Several files: at every boundary of any, the first file (in order) that has a symbol there.</summary>
    private static (ulong[] Boundaries, int[] Ids) Merge((ulong[] Boundaries, int[] Ids)[] tables)
    {
        var points = tables.SelectMany(t => t.Boundaries).Distinct().Order().ToArray();
        var boundaries = new List<ulong>(points.Length);
        var ids = new List<int>(points.Length);
        foreach (ulong point in points)
        {
            int id = -1;
            foreach (var (b, i) in tables)
            {
                int at = Array.BinarySearch(b, point);
                at = at >= 0 ? at : ~at - 1;
                if (at >= 0 && i[at] >= 0)
                {
                    id = i[at];
                    break;
                }
            }

            if (ids.Count > 0 && ids[^1] == id)
            {
                continue;
            }

            boundaries.Add(point);
            ids.Add(id);
        }

        return (boundaries.ToArray(), ids.ToArray());
    }
}
