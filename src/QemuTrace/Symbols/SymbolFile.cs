namespace QemuTrace.Symbols;

/// <summary>
/// One object file's symbols, as gdb's minimal symbol table holds them: sorted by address then name
/// (<c>strcmp</c>), duplicates (same address, section and name) merged, with the allocated sections the
/// addresses are looked up in. Built by <see cref="ElfSymbolReader"/> or <see cref="KernelSymbolMapReader"/>.
/// </summary>
public sealed class SymbolFile
{
    internal readonly ulong[] Addresses;
    internal readonly ulong[] Sizes;
    internal readonly MinimalSymbolType[] Types;
    internal readonly int[] SectionIndexes;
    internal readonly string[] Names;

    /// <summary>gdb's print names (decoded, see <see cref="GdbAdaDecoder"/>), computed on first use.</summary>
    private string?[]? _printNames;

    /// <summary>Per section, the lowest address of a symbol in it (ulong.MaxValue when none): gdb's backwards scan stops there.</summary>
    internal readonly ulong[] LowestSymbolInSection;

    /// <summary>For each symbol index, the greatest index at or below it whose size is not zero (or -1).</summary>
    internal readonly int[] PreviousSized;

    private readonly SymbolSection[] _sections;

    internal SymbolFile(string path, SymbolSourceKind kind, IReadOnlyList<SymbolSection> sections, List<RawSymbol> symbols, ulong? entryPoint)
    {
        Path = path;
        Kind = kind;
        EntryPoint = entryPoint;
        _sections = sections.ToArray();

        // gdb: std::sort by (unrelocated address, strcmp name), then compact_minimal_symbols drops the earlier of two
        // entries with the same address, section and name. A stable sort keeps symbol-table order among equals.
        var sorted = symbols.ToArray();
        var order = Enumerable.Range(0, sorted.Length).ToArray();
        Array.Sort(order, (a, b) =>
        {
            int c = sorted[a].Address.CompareTo(sorted[b].Address);
            if (c == 0)
            {
                c = string.CompareOrdinal(sorted[a].Name, sorted[b].Name);
            }

            return c != 0 ? c : a.CompareTo(b);
        });
        var kept = new List<RawSymbol>(sorted.Length);
        for (int i = 0; i < order.Length; i++)
        {
            var s = sorted[order[i]];
            if (i + 1 < order.Length)
            {
                var next = sorted[order[i + 1]];
                if (next.Address == s.Address && next.Section == s.Section && next.Name == s.Name)
                {
                    continue;
                }
            }

            kept.Add(s);
        }

        int n = kept.Count;
        Addresses = new ulong[n];
        Sizes = new ulong[n];
        Types = new MinimalSymbolType[n];
        SectionIndexes = new int[n];
        Names = new string[n];
        PreviousSized = new int[n];
        LowestSymbolInSection = new ulong[_sections.Length];
        Array.Fill(LowestSymbolInSection, ulong.MaxValue);
        int previousSized = -1;
        for (int i = 0; i < n; i++)
        {
            var s = kept[i];
            Addresses[i] = s.Address;
            Sizes[i] = s.Size;
            Types[i] = s.Type;
            SectionIndexes[i] = s.Section;
            Names[i] = s.Name;
            if (s.Size != 0)
            {
                previousSized = i;
            }

            PreviousSized[i] = previousSized;
            if (s.Section >= 0 && s.Address < LowestSymbolInSection[s.Section])
            {
                LowestSymbolInSection[s.Section] = s.Address;
            }
        }
    }

    /// <summary>The file as gdb names it in multi-objfile answers (<c>... in section .text of PATH</c>).</summary>
    public string Path { get; }

    /// <summary>What kind of source the symbols came from.</summary>
    public SymbolSourceKind Kind { get; }

    /// <summary>The ELF entry point (e.g. 0x1000000, the kernel's physical entry), if the source has one.</summary>
    public ulong? EntryPoint { get; }

    /// <summary>The allocated sections, in file order (the order gdb's <c>info symbol</c> reports matches in).</summary>
    public IReadOnlyList<SymbolSection> Sections => _sections;

    /// <summary>Number of minimal symbols (after gdb's filtering and merging).</summary>
    public int SymbolCount => Names.Length;

    /// <summary>Symbol <paramref name="index"/> (0 .. <see cref="SymbolCount"/> - 1, in address order).</summary>
    public SymbolInfo GetSymbol(int index)
    {
        int section = SectionIndexes[index];
        var t = Types[index];
        return new SymbolInfo(
            GetPrintName(index),
            Names[index],
            Addresses[index],
            Sizes[index],
            section >= 0 ? _sections[section].Name : "*ABS*",
            Path,
            t is MinimalSymbolType.Text or MinimalSymbolType.TextGnuIfunc or MinimalSymbolType.FileText,
            t is MinimalSymbolType.Text or MinimalSymbolType.TextGnuIfunc or MinimalSymbolType.Data or MinimalSymbolType.DataGnuIfunc or MinimalSymbolType.Bss);
    }

    /// <summary>gdb's print name of symbol <paramref name="index"/> (e.g. <c>foo.constprop</c> for the linkage name <c>foo.constprop.0</c>).</summary>
    public string GetPrintName(int index)
    {
        var names = _printNames ??= new string?[Names.Length];
        return names[index] ??= GdbAdaDecoder.PrintName(Names[index]);
    }

    /// <summary>Index of the first symbol named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name) => Array.IndexOf(Names, name);

    /// <summary>
    /// The same file moved by <paramref name="offset"/> (added modulo 2^64): every section and symbol, like gdb's
    /// <c>symbol-file -o OFFSET</c>. This is how a KASLR kernel is symbolized with its vmlinux.
    /// </summary>
    public SymbolFile WithOffset(ulong offset) => Shift(offset, _ => true);

    /// <summary>
    /// The kernel moved by a KASLR <paramref name="offset"/>: like <see cref="WithOffset"/>, except that sections linked
    /// below the kernel's virtual range (<c>.data..percpu</c> at 0) stay put, as they do in the running kernel.
    /// </summary>
    public SymbolFile WithKaslrOffset(ulong offset) => Shift(offset, s => s.Address >= AddressRegions.UserEnd);

    private SymbolFile Shift(ulong offset, Func<SymbolSection, bool> moves)
    {
        if (offset == 0)
        {
            return this;
        }

        var moved = _sections.Select(moves).ToArray();
        var sections = _sections.Select((s, i) => moved[i] ? s with { Address = s.Address + offset } : s).ToList();
        var symbols = new List<RawSymbol>(Names.Length);
        for (int i = 0; i < Names.Length; i++)
        {
            bool move = Types[i] != MinimalSymbolType.Abs && (SectionIndexes[i] < 0 || moved[SectionIndexes[i]]);
            ulong address = move ? Addresses[i] + offset : Addresses[i];
            symbols.Add(new RawSymbol(Names[i], address, Sizes[i], Types[i], SectionIndexes[i]));
        }

        return new SymbolFile(Path, Kind, sections, symbols, EntryPoint);
    }

    /// <summary>Index of the first section containing <paramref name="address"/>, or -1.</summary>
    internal int FindSection(ulong address)
    {
        for (int i = 0; i < _sections.Length; i++)
        {
            if (_sections[i].Contains(address))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>A symbol before sorting: what a reader produces.</summary>
internal readonly record struct RawSymbol(string Name, ulong Address, ulong Size, MinimalSymbolType Type, int Section);
