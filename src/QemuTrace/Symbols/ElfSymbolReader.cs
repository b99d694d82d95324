using System.IO.Compression;
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using QemuTrace.Formats;

namespace QemuTrace.Symbols;

/// <summary>
/// Reads an ELF's symbols (<c>.symtab</c>, else <c>.dynsym</c>) through ELFSharp into a <see cref="SymbolFile"/>,
/// keeping exactly the symbols gdb's elfread.c makes minimal symbols of, with gdb's types.
/// </summary>
public static class ElfSymbolReader
{
    private const string StrippedAdvice =
        "use an ELF that still has its symbol table; for a kernel, the debug image (e.g. /usr/lib/debug/boot/vmlinux-VERSION from Debian's linux-image-VERSION-dbg, or Fedora's kernel-debuginfo), or its System.map (--system-map) or a /proc/kallsyms snapshot (--kallsyms)";

    /// <summary>
    /// Loads an executable or shared object (vmlinux, a userspace binary) at its link addresses plus
    /// <paramref name="offset"/> (gdb's <c>symbol-file -o OFFSET</c>; a KASLR offset for a kernel).
    /// </summary>
    /// <param name="path">The ELF; gzip-compressed content is decompressed first.</param>
    /// <param name="offset">Added (modulo 2^64) to every section and symbol address.</param>
    /// <exception cref="TraceFormatException">Missing file, not an ELF, or stripped.</exception>
    public static SymbolFile Load(string path, ulong offset = 0) => Guarded(path, () => LoadCore(path, offset));

    private static SymbolFile LoadCore(string path, ulong offset)
    {
        using var elf = Open(path);
        if (elf.Type == FileType.Relocatable)
        {
            throw new TraceFormatException(path, null, "a relocatable object (a kernel module or .o), not an executable; give it with its load address: --module PATH@ADDRESS (the address of /sys/module/NAME/sections/.text in the guest)");
        }

        var sections = new List<(Section<ulong> Elf, SymbolSection Symbolic)>();
        foreach (var section in elf.Sections)
        {
            if ((section.Flags & SectionFlags.Allocatable) != 0)
            {
                sections.Add((section, new SymbolSection(section.Name, section.LoadAddress + offset, section.Size, (section.Flags & SectionFlags.Executable) != 0)));
            }
        }

        return Build(path, SymbolSourceKind.Elf, elf, sections, offset, elf.EntryPoint);
    }

    /// <summary>
    /// Loads a userspace ELF whose lowest loadable segment was mapped at <paramref name="baseAddress"/> (for a PIE or
    /// shared library the load base, as in <c>/proc/PID/maps</c>; for a non-PIE executable its link address).
    /// </summary>
    /// <exception cref="TraceFormatException">Missing file, not an ELF, or stripped.</exception>
    public static SymbolFile LoadAt(string path, ulong baseAddress) => Guarded(path, () =>
    {
        ulong lowest;
        using (var elf = Open(path))
        {
            lowest = elf.Segments.Where(s => s.Type == ELFSharp.ELF.Segments.SegmentType.Load).Select(s => s.Address).DefaultIfEmpty(0UL).Min();
        }

        return LoadCore(path, baseAddress - lowest);
    });

    /// <summary>
    /// Loads a kernel module (a relocatable <c>.ko</c>) with its <c>.text</c> at <paramref name="textAddress"/>, exactly as
    /// gdb's <c>add-symbol-file PATH TEXTADDRESS</c> does: the other allocated sections are laid out from address 0
    /// upwards without overlapping (gdb's symfile.c <c>place_section</c>), so only <c>.text</c> answers match the guest.
    /// </summary>
    /// <exception cref="TraceFormatException">Missing file, not an ELF, not relocatable, no <c>.text</c>, or stripped.</exception>
    public static SymbolFile LoadModule(string path, ulong textAddress) =>
        LoadModule(path, new Dictionary<string, ulong> { [".text"] = textAddress });

    /// <summary>
    /// Loads a kernel module with the sections named in <paramref name="sectionAddresses"/> at their load addresses, as
    /// gdb's <c>add-symbol-file PATH TEXTADDRESS -s .init.text ADDRESS ...</c> does: module init code lies in
    /// <c>.init.text</c>, apart from <c>.text</c>, so naming it needs that section's address too (from
    /// <c>/sys/module/NAME/sections/.init.text</c>, read before the init code is freed). Sections not named are placed
    /// as gdb places them.
    /// </summary>
    /// <exception cref="TraceFormatException">Missing file, not an ELF, not relocatable, no <c>.text</c> address, a section the module does not have, or stripped.</exception>
    public static SymbolFile LoadModule(string path, IReadOnlyDictionary<string, ulong> sectionAddresses) =>
        Guarded(path, () => LoadModuleCore(path, sectionAddresses));

    private static SymbolFile LoadModuleCore(string path, IReadOnlyDictionary<string, ulong> sectionAddresses)
    {
        using var elf = Open(path);
        if (elf.Type != FileType.Relocatable)
        {
            throw new TraceFormatException(path, null, $"expected a kernel module (a relocatable ELF .ko), found an ELF of type {elf.Type}; give a vmlinux with --vmlinux");
        }

        var all = elf.Sections.ToList();
        int text = all.FindIndex(s => s.Name == ".text");
        if (text < 0)
        {
            throw new TraceFormatException(path, null, "the module has no .text section to place at the load address; check that this is the module's .ko");
        }

        if (!sectionAddresses.ContainsKey(".text"))
        {
            throw new TraceFormatException(path, null, "no address for the module's .text: give it as .text=0xADDR (from /sys/module/NAME/sections/.text)");
        }

        // gdb's default_symfile_offsets for relocatable files: explicit .text, then place_section over the
        // allocated sections in file order, each at the lowest aligned address that overlaps no placed section.
        var placed = new ulong[all.Count];
        foreach (var (name, address) in sectionAddresses)
        {
            int index = all.FindIndex(s => s.Name == name && (s.Flags & SectionFlags.Allocatable) != 0);
            if (index < 0)
            {
                var names = string.Join(", ", all.Where(s => (s.Flags & SectionFlags.Allocatable) != 0).Select(s => s.Name));
                throw new TraceFormatException(path, null, $"the module has no allocated section `{name}`; its sections are {names}");
            }

            placed[index] = address;
        }

        ulong lowest = 0;
        for (int i = 0; i < all.Count; i++)
        {
            var section = all[i];
            if ((section.Flags & SectionFlags.Allocatable) == 0 || placed[i] != 0)
            {
                continue;
            }

            ulong align = section.Alignment == 0 ? 1 : section.Alignment;
            ulong start = (lowest + align - 1) & ~(align - 1);
            bool done;
            do
            {
                done = true;
                for (int j = 0; j < all.Count; j++)
                {
                    if (j == i || (all[j].Flags & SectionFlags.Allocatable) == 0 || placed[j] == 0)
                    {
                        continue;
                    }

                    if (start + section.Size > placed[j] && start < placed[j] + all[j].Size)
                    {
                        start = placed[j] + all[j].Size;
                        start = (start + align - 1) & ~(align - 1);
                        done = false;
                        break;
                    }
                }
            }
            while (!done);

            placed[i] = start;
            lowest = start + section.Size;
        }

        var sections = new List<(Section<ulong> Elf, SymbolSection Symbolic)>();
        for (int i = 0; i < all.Count; i++)
        {
            var section = all[i];
            if ((section.Flags & SectionFlags.Allocatable) != 0)
            {
                sections.Add((section, new SymbolSection(section.Name, placed[i], section.Size, (section.Flags & SectionFlags.Executable) != 0)));
            }
        }

        return Build(path, SymbolSourceKind.ElfModule, elf, sections, 0, null, relocatable: true);
    }

    private static SymbolFile Build(string path, SymbolSourceKind kind, ELF<ulong> elf, List<(Section<ulong> Elf, SymbolSection Symbolic)> sections, ulong offset, ulong? entryPoint, bool relocatable = false)
    {
        var table = elf.Sections.OfType<SymbolTable<ulong>>().FirstOrDefault(s => s.Type == SectionType.SymbolTable && s.Entries.Any())
            ?? elf.Sections.OfType<SymbolTable<ulong>>().FirstOrDefault(s => s.Type == SectionType.DynamicSymbolTable && s.Entries.Any());
        if (table is null)
        {
            throw new TraceFormatException(path, null, $"no symbol table (.symtab or .dynsym): the ELF is stripped; {StrippedAdvice}");
        }

        // ELF section index -> index in our allocated-section list.
        var bySectionIndex = new Dictionary<int, int>();
        var elfSections = elf.Sections.ToList();
        for (int i = 0; i < sections.Count; i++)
        {
            bySectionIndex[elfSections.IndexOf(sections[i].Elf)] = i;
        }

        var symbols = new List<RawSymbol>(table.Entries.Count());
        foreach (var entry in table.Entries)
        {
            // gdb's elf_symtab_read: no empty names, no file or section symbols, no undefined or common symbols.
            string name = entry.Name;
            if (string.IsNullOrEmpty(name) || entry.Type is SymbolType.File or SymbolType.Section)
            {
                continue;
            }

            int binding = (int)entry.Binding;
            bool isGlobal = binding is 1 or 2 or 10; // STB_GLOBAL, STB_WEAK, STB_GNU_UNIQUE
            if (!isGlobal && binding != 0)
            {
                continue;
            }

            bool isIfunc = (int)entry.Type == 10; // STT_GNU_IFUNC
            if (entry.PointedSectionIndex == 0xfff1)
            {
                // SHN_ABS: recorded by gdb as mst_abs, never chosen by a lookup.
                symbols.Add(new RawSymbol(name, entry.Value, entry.Size, MinimalSymbolType.Abs, -1));
                continue;
            }

            if (entry.PointedSectionIndex == 0 || entry.PointedSectionIndex >= 0xff00
                || !bySectionIndex.TryGetValue((int)entry.PointedSectionIndex, out int section))
            {
                continue;
            }

            var elfSection = sections[section].Elf;
            bool code = (elfSection.Flags & SectionFlags.Executable) != 0;
            bool load = elfSection.Type != SectionType.NoBits;
            MinimalSymbolType type;
            if (code)
            {
                if (isGlobal)
                {
                    type = isIfunc ? MinimalSymbolType.TextGnuIfunc : MinimalSymbolType.Text;
                }
                else if (name.StartsWith(".L", StringComparison.Ordinal) || name.StartsWith("$L", StringComparison.Ordinal)
                    || name is "gcc_compiled." or "gcc2_compiled.")
                {
                    continue; // compiler-generated labels (elfread.c) and gcc markers (minsyms.c)
                }
                else
                {
                    type = MinimalSymbolType.FileText;
                }
            }
            else if (isGlobal)
            {
                type = isIfunc ? MinimalSymbolType.DataGnuIfunc : load ? MinimalSymbolType.Data : MinimalSymbolType.Bss;
            }
            else
            {
                type = load ? MinimalSymbolType.FileData : MinimalSymbolType.FileBss;
            }

            // Executables: st_value is the address. Relocatable files: st_value is relative to the section.
            ulong address = relocatable ? sections[section].Symbolic.Address + entry.Value : entry.Value + offset;
            symbols.Add(new RawSymbol(name, address, entry.Size, type, section));
        }

        return new SymbolFile(System.IO.Path.GetFullPath(path), kind, sections.Select(s => s.Symbolic).ToList(), symbols, entryPoint);
    }

    /// <summary>The names of the allocated sections of an ELF file (what a module's sysfs section dump can place).</summary>
    public static IReadOnlySet<string> AllocatedSectionNames(string path) => Guarded(path, () =>
    {
        using var elf = Open(path);
        return (IReadOnlySet<string>)elf.Sections.Where(s => (s.Flags & SectionFlags.Allocatable) != 0).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
    });

    /// <summary>
    /// Runs an ELF read and turns whatever ELFSharp throws on a corrupt file (out-of-range offsets, a string table
    /// index past its end, a stream that ends early) into the project's one-line error naming the file.
    /// </summary>
    private static T Guarded<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not TraceFormatException and not OutOfMemoryException and not OperationCanceledException)
        {
            throw new TraceFormatException(path, null, $"a corrupt ELF file ({OneLine(e.Message)}); copy the file again, or give --system-map / --kallsyms instead");
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim().TrimEnd('.');

    private static ELF<ulong> Open(string path)
    {
        byte[] bytes = ReadBounded(path);
        if (bytes.Length < ElfLayout.HeaderSize || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
        {
            string first = Convert.ToHexString(bytes, 0, Math.Min(bytes.Length, 4)).ToLowerInvariant();
            throw new TraceFormatException(path, TraceLocation.Byte(0), $"not an ELF file (expected the magic 7f 45 4c 46, found {(first.Length == 0 ? "an empty file" : first)}); give the kernel's vmlinux (not the compressed bzImage/vmlinuz), a .ko, or use --system-map / --kallsyms for text symbol lists");
        }

        ElfLayout.Validate(path, bytes);
        if (!ELFReader.TryLoad(new MemoryStream(bytes, writable: false), true, out var elf) || elf is not ELF<ulong> elf64)
        {
            throw new TraceFormatException(path, TraceLocation.Byte(0), "an ELF header that cannot be parsed (truncated or corrupt file); copy the file again");
        }

        return elf64;
    }

    /// <summary>The whole (decompressed) file, refusing more than <see cref="ElfLayout.MaxFileBytes"/>: a gzip bomb ends in an error, not OutOfMemory.</summary>
    private static byte[] ReadBounded(string path)
    {
        try
        {
            using var stream = TraceFile.OpenContent(path);
            if (stream is FileStream file)
            {
                if (file.Length > ElfLayout.MaxFileBytes)
                {
                    throw TooLarge(path);
                }

                var bytes = new byte[file.Length];
                file.ReadExactly(bytes);
                return bytes;
            }

            var memory = new MemoryStream();
            var buffer = new byte[1 << 16];
            int n;
            while ((n = stream.Read(buffer)) > 0)
            {
                if (memory.Length + n > ElfLayout.MaxFileBytes)
                {
                    throw TooLarge(path);
                }

                memory.Write(buffer, 0, n);
            }

            return memory.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or IOException and not FileNotFoundException)
        {
            throw new TraceFormatException(path, null, $"cannot read it: {OneLine(e.Message)}; copy the file again");
        }
    }

    private static TraceFormatException TooLarge(string path) =>
        new(path, null, $"more than {ElfLayout.MaxFileBytes >> 30} GiB (after decompression): too large for a vmlinux's symbols, or a gzip bomb; give System.map (--system-map) or kallsyms (--kallsyms) instead");
}
