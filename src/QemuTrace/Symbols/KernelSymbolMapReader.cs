using System.Globalization;
using System.Text;
using QemuTrace.Formats;
using QemuTrace.Formats.Text;

namespace QemuTrace.Symbols;

/// <summary>
/// Reads the kernel's text symbol lists, <c>System.map</c> and <c>/proc/kallsyms</c> (<c>ADDR TYPE NAME [module]</c>),
/// into <see cref="SymbolFile"/>s. They carry no sizes, so every symbol extends to the next one (gdb's rule for
/// zero-sized symbols), and no sections: those are the ranges between the kernel's linker-script markers
/// (<c>_text</c>..<c>_etext</c> is <c>.text</c>, <c>__per_cpu_start</c>..<c>__per_cpu_end</c> is <c>.data..percpu</c>, ...),
/// and for a module's kallsyms lines one range per symbol class rounded up to a page.
/// </summary>
public static class KernelSymbolMapReader
{
    private const ulong PageSize = 4096;

    /// <summary>Longest line accepted: a symbol name is at most KSYM_NAME_LEN (512) bytes.</summary>
    private const int MaxLineBytes = 4096;

    /// <summary>Largest file accepted after decompression; a real System.map or kallsyms is tens of MB.</summary>
    private const long MaxFileBytes = 1L << 30;

    /// <summary>The linker-script markers that delimit the kernel's sections, in the order sections are reported.</summary>
    private static readonly (string Section, string Start, string End, bool Code)[] Markers =
    [
        (".text", "_text", "_etext", true),
        (".rodata", "__start_rodata", "__end_rodata", false),
        (".data", "_sdata", "_edata", false),
        (".data..percpu", "__per_cpu_start", "__per_cpu_end", false),
        (".init.text", "_sinittext", "_einittext", true),
        (".bss", "__bss_start", "__bss_stop", false),
        (".brk", "__brk_base", "__brk_limit", false),
        (".init.scratch", "__init_scratch_begin", "__init_scratch_end", false),
    ];

    /// <summary>Loads a <c>System.map</c> (plain or gzip), its addresses moved by <paramref name="offset"/> (a KASLR offset).</summary>
    /// <exception cref="TraceFormatException">Missing file or a line that is not <c>ADDR TYPE NAME</c>.</exception>
    public static SymbolFile LoadSystemMap(string path, ulong offset = 0)
    {
        var files = Load(path, SymbolSourceKind.SystemMap, offset);
        return files[0];
    }

    /// <summary>
    /// Loads a <c>/proc/kallsyms</c> snapshot (plain or gzip, read as root with <c>kptr_restrict=0</c> so addresses are
    /// real): the kernel first, then one <see cref="SymbolFile"/> per module, named <c>[module]</c>.
    /// </summary>
    /// <exception cref="TraceFormatException">Missing file, a malformed line, or all addresses zero (read without privileges).</exception>
    public static IReadOnlyList<SymbolFile> LoadKallsyms(string path) => Load(path, SymbolSourceKind.Kallsyms, 0);

    private static List<SymbolFile> Load(string path, SymbolSourceKind kind, ulong offset)
    {
        var kernel = new List<(ulong Address, char Type, string Name)>();
        var modules = new Dictionary<string, List<(ulong Address, char Type, string Name)>>(StringComparer.Ordinal);
        var moduleOrder = new List<string>();
        string what = kind == SymbolSourceKind.Kallsyms ? "/proc/kallsyms" : "System.map";
        using (var reader = new ByteLineReader(TraceFile.OpenContent(path), path, MaxLineBytes))
        {
            while (reader.TryReadLine(out var bytes))
            {
                long lineNumber = reader.LineNumber;
                if (reader.BytesRead > MaxFileBytes)
                {
                    throw new TraceFormatException(path, TraceLocation.Line(lineNumber), $"more than {MaxFileBytes >> 30} GiB of text: not a {what} (a real one is tens of MB); check the path");
                }

                if (bytes.IndexOf((byte)0) >= 0)
                {
                    throw new TraceFormatException(path, TraceLocation.Line(lineNumber), $"binary data (a zero byte): not a {what}; check the path");
                }

                var line = Encoding.UTF8.GetString(bytes);
                var span = line.AsSpan().Trim();
                if (span.IsEmpty)
                {
                    continue;
                }

                var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 3 || parts[1].Length != 1
                    || !ulong.TryParse(parts[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong address))
                {
                    throw new TraceFormatException(path, TraceLocation.Line(lineNumber),
                        $"expected a {what} line `ADDRESS TYPE NAME{(kind == SymbolSourceKind.Kallsyms ? " [MODULE]" : "")}` (hex address, one-letter type), found `{Shorten(line)}`; check that the file is a {what}");
                }

                var symbol = (address, parts[1][0], parts[2]);
                if (parts.Length >= 4 && parts[3].StartsWith('[') && parts[3].EndsWith(']'))
                {
                    if (!modules.TryGetValue(parts[3], out var list))
                    {
                        modules[parts[3]] = list = [];
                        moduleOrder.Add(parts[3]);
                    }

                    list.Add(symbol);
                }
                else
                {
                    kernel.Add(symbol);
                }
            }
        }

        if (kernel.Count == 0 && modules.Count == 0)
        {
            throw new TraceFormatException(path, null, "no symbols in the file; expected System.map or /proc/kallsyms lines `ADDRESS TYPE NAME`");
        }

        if (kind == SymbolSourceKind.Kallsyms && kernel.Count > 0 && kernel.All(s => s.Address == 0) && modules.Values.All(l => l.All(s => s.Address == 0)))
        {
            throw new TraceFormatException(path, null, "every address is 0: /proc/kallsyms was read without privileges; read it as root after `echo 0 > /proc/sys/kernel/kptr_restrict`");
        }

        var files = new List<SymbolFile> { BuildKernel(System.IO.Path.GetFullPath(path), kind, kernel, offset) };
        foreach (var module in moduleOrder)
        {
            files.Add(BuildModule(module, modules[module]));
        }

        return files;
    }

    private static SymbolFile BuildKernel(string path, SymbolSourceKind kind, List<(ulong Address, char Type, string Name)> symbols, ulong offset)
    {
        var byName = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var s in symbols)
        {
            byName.TryAdd(s.Name, s.Address);
        }

        var sections = new List<SymbolSection>();
        foreach (var (name, start, end, code) in Markers)
        {
            if (byName.TryGetValue(start, out ulong from) && byName.TryGetValue(end, out ulong to) && to > from)
            {
                // Per-CPU symbols are offsets into the per-CPU area: KASLR does not move them.
                ulong shift = name == ".data..percpu" ? 0 : offset;
                sections.Add(new SymbolSection(name, from + shift, to - from, code));
            }
        }

        // Without the kernel's markers (another program's map): one range per symbol class.
        var raw = new List<RawSymbol>(symbols.Count);
        if (sections.Count == 0)
        {
            return BuildModule(path, symbols, kind, offset);
        }

        ulong percpuStart = sections.FirstOrDefault(s => s.Name == ".data..percpu")?.Address ?? 1;
        ulong percpuEnd = sections.FirstOrDefault(s => s.Name == ".data..percpu")?.End ?? 0;
        foreach (var (address, typeLetter, name) in symbols)
        {
            bool percpu = address >= percpuStart && address < percpuEnd;

            // kallsyms lists per-CPU variables as absolute (`A`); in System.map they are `D`/`d`.
            char letter = typeLetter is 'A' && percpu && kind == SymbolSourceKind.Kallsyms ? 'D' : typeLetter;
            if (!TryType(letter, out var type))
            {
                continue;
            }

            ulong at = type == MinimalSymbolType.Abs || percpu ? address : address + offset;
            int section = -1;
            if (type != MinimalSymbolType.Abs)
            {
                section = FindSection(sections, at);
                if (section < 0)
                {
                    continue;
                }
            }

            raw.Add(new RawSymbol(name, at, 0, type, section));
        }

        return new SymbolFile(path, kind, sections, raw, null);
    }

    private static SymbolFile BuildModule(string name, List<(ulong Address, char Type, string Name)> symbols) =>
        BuildModule(name, symbols, SymbolSourceKind.Kallsyms, 0);

    private static SymbolFile BuildModule(string path, List<(ulong Address, char Type, string Name)> symbols, SymbolSourceKind kind, ulong offset)
    {
        // One section per class of symbol (text, rodata, data, bss), from its lowest symbol to the end of the page
        // holding its highest: modules are laid out in page-aligned regions per class.
        var classes = new[] { (".text", true), (".rodata", false), (".data", false), (".bss", false) };
        var sections = new List<SymbolSection>();
        var sectionOfClass = new int[classes.Length];
        for (int c = 0; c < classes.Length; c++)
        {
            sectionOfClass[c] = -1;
            var members = symbols.Where(s => TryType(s.Type, out var t) && t != MinimalSymbolType.Abs && ClassOf(s.Type) == c).ToList();
            if (members.Count == 0)
            {
                continue;
            }

            ulong from = members.Min(s => s.Address) + offset;
            ulong last = members.Max(s => s.Address) + offset;
            ulong to = (last / PageSize + 1) * PageSize;
            if (to <= last)
            {
                to = ulong.MaxValue;
            }

            sectionOfClass[c] = sections.Count;
            sections.Add(new SymbolSection(classes[c].Item1, from, to - from, classes[c].Item2));
        }

        var raw = new List<RawSymbol>(symbols.Count);
        foreach (var (address, letter, name) in symbols)
        {
            if (!TryType(letter, out var type))
            {
                continue;
            }

            int section = type == MinimalSymbolType.Abs ? -1 : sectionOfClass[ClassOf(letter)];
            raw.Add(new RawSymbol(name, type == MinimalSymbolType.Abs ? address : address + offset, 0, type, section));
        }

        return new SymbolFile(path, kind, sections, raw, null);
    }

    private static int ClassOf(char letter) => char.ToLowerInvariant(letter) switch
    {
        't' or 'w' => 0,
        'r' => 1,
        'b' => 3,
        _ => 2,
    };

    private static int FindSection(List<SymbolSection> sections, ulong address)
    {
        for (int i = 0; i < sections.Count; i++)
        {
            // A symbol at a section's end (e.g. `_etext`) belongs to it, as in the ELF.
            if (address >= sections[i].Address && address - sections[i].Address <= sections[i].Size)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>nm's type letters to gdb's minimal symbol types (upper case: global, lower case: file-local).</summary>
    private static bool TryType(char letter, out MinimalSymbolType type)
    {
        type = letter switch
        {
            'T' or 'W' => MinimalSymbolType.Text,
            't' or 'w' => MinimalSymbolType.FileText,
            'D' or 'R' or 'V' or 'G' or 'S' => MinimalSymbolType.Data,
            'd' or 'r' or 'v' or 'g' or 's' => MinimalSymbolType.FileData,
            'B' => MinimalSymbolType.Bss,
            'b' => MinimalSymbolType.FileBss,
            'A' or 'a' => MinimalSymbolType.Abs,
            _ => (MinimalSymbolType)255,
        };
        return (byte)type != 255;
    }

    private static string Shorten(string line) => line.Length <= 80 ? line : line[..80] + "...";
}
