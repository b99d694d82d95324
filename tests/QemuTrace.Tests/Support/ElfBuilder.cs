using System.Buffers.Binary;
using System.Text;

namespace QemuTrace.Tests.Support;

/// <summary>
/// Writes a minimal valid x86-64 ELF64 (System V gABI, <c>elf.h</c>) in memory: the sections asked for, then
/// <c>.symtab</c>, <c>.strtab</c>, <c>.shstrtab</c> and the section header table, for symbol tests that need "an ELF with
/// these symbols" rather than the real vmlinux (as TraceEvent's tests synthesize theirs).
/// </summary>
/// <example>
/// <code>
/// byte[] elf = new ElfBuilder()
///     .Section(".text", 0xffffffff81000000, 0x1000, ElfSectionKind.Code)
///     .Function("startup_64", 0xffffffff81000000, 0x40)
///     .Build();
/// </code>
/// </example>
public sealed class ElfBuilder
{
    private const int HeaderSize = 64;
    private const int SectionHeaderSize = 64;
    private const int SymbolSize = 24;
    private const ushort MachineX86_64 = 62;
    private const ushort TypeRelocatable = 1;
    private const ushort TypeExecutable = 2;
    private const uint SectionProgBits = 1;
    private const uint SectionSymbolTable = 2;
    private const uint SectionStringTable = 3;
    private const uint SectionNoBits = 8;
    private const ulong FlagWrite = 1;
    private const ulong FlagAllocatable = 2;
    private const ulong FlagExecutable = 4;
    private const ushort SectionIndexAbsolute = 0xfff1;

    private readonly List<SectionSpec> _sections = [];
    private readonly List<SymbolSpec> _symbols = [];
    private readonly bool _relocatable;
    private ulong _entry;

    /// <param name="relocatable">ET_REL (a kernel module: symbol values are section offsets) instead of ET_EXEC.</param>
    public ElfBuilder(bool relocatable = false)
    {
        _relocatable = relocatable;
    }

    /// <summary>Sets e_entry.</summary>
    public ElfBuilder Entry(ulong address)
    {
        _entry = address;
        return this;
    }

    /// <summary>Adds a section; code, read-only and writable data take <paramref name="size"/> zero bytes of the file, bss none.</summary>
    public ElfBuilder Section(string name, ulong address, ulong size, ElfSectionKind kind)
    {
        _sections.Add(new SectionSpec(name, address, size, kind));
        return this;
    }

    /// <summary>Adds an STT_FUNC symbol in the section that holds <paramref name="address"/> (for ET_REL: in <c>.text</c>, at that offset).</summary>
    public ElfBuilder Function(string name, ulong address, ulong size, bool global = true) =>
        Symbol(name, address, size, SectionAt(address), type: 2, global);

    /// <summary>Adds an STT_OBJECT symbol in the section that holds <paramref name="address"/>.</summary>
    public ElfBuilder Object(string name, ulong address, ulong size, bool global = true) =>
        Symbol(name, address, size, SectionAt(address), type: 1, global);

    /// <summary>Adds a symbol with the given st_value, st_size, section (null: SHN_ABS) and STT_* type.</summary>
    public ElfBuilder Symbol(string name, ulong value, ulong size, string? section, byte type, bool global)
    {
        if (section is not null && _sections.FindIndex(s => s.Name == section) < 0)
        {
            throw new ArgumentException($"no section {section} added yet", nameof(section));
        }

        _symbols.Add(new SymbolSpec(name, value, size, section, type, global));
        return this;
    }

    /// <summary>The ELF file's bytes.</summary>
    public byte[] Build()
    {
        var shstrtab = new StringTable();
        var strtab = new StringTable();
        var output = new MemoryStream();
        output.Write(new byte[HeaderSize]);

        // Section contents, each 16-byte aligned.
        var offsets = new ulong[_sections.Count];
        for (int i = 0; i < _sections.Count; i++)
        {
            Align(output, 16);
            offsets[i] = (ulong)output.Length;
            if (_sections[i].Kind != ElfSectionKind.Bss)
            {
                output.Write(new byte[_sections[i].Size]);
            }
        }

        // Locals before globals (sh_info of .symtab is the index of the first global); entry 0 is the null symbol.
        var ordered = _symbols.Where(s => !s.Global).Concat(_symbols.Where(s => s.Global)).ToList();
        Align(output, 8);
        ulong symtabOffset = (ulong)output.Length;
        output.Write(new byte[SymbolSize]);
        foreach (var symbol in ordered)
        {
            var entry = new byte[SymbolSize];
            BinaryPrimitives.WriteUInt32LittleEndian(entry, strtab.Add(symbol.Name));
            entry[4] = (byte)(((symbol.Global ? 1 : 0) << 4) | symbol.Type);
            ushort index = symbol.Section is null ? SectionIndexAbsolute : (ushort)(_sections.FindIndex(s => s.Name == symbol.Section) + 1);
            BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(6), index);
            BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(8), symbol.Value);
            BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(16), symbol.Size);
            output.Write(entry);
        }

        ulong symtabSize = (ulong)output.Length - symtabOffset;
        ulong strtabOffset = (ulong)output.Length;
        output.Write(strtab.Bytes);
        var sectionNames = _sections.Select(s => shstrtab.Add(s.Name)).ToList();
        uint symtabName = shstrtab.Add(".symtab"), strtabName = shstrtab.Add(".strtab"), shstrtabName = shstrtab.Add(".shstrtab");
        ulong shstrtabOffset = (ulong)output.Length;
        output.Write(shstrtab.Bytes);

        Align(output, 8);
        ulong tableOffset = (ulong)output.Length;
        int symtabIndex = _sections.Count + 1;
        output.Write(new byte[SectionHeaderSize]);
        for (int i = 0; i < _sections.Count; i++)
        {
            var s = _sections[i];
            var (type, flags) = s.Kind switch
            {
                ElfSectionKind.Code => (SectionProgBits, FlagAllocatable | FlagExecutable),
                ElfSectionKind.ReadOnlyData => (SectionProgBits, FlagAllocatable),
                ElfSectionKind.Data => (SectionProgBits, FlagAllocatable | FlagWrite),
                ElfSectionKind.Bss => (SectionNoBits, FlagAllocatable | FlagWrite),
                _ => (SectionProgBits, 0UL),
            };
            output.Write(SectionHeader(sectionNames[i], type, flags, _relocatable ? 0 : s.Address, offsets[i], s.Size, 0, 0, 16, 0));
        }

        output.Write(SectionHeader(symtabName, SectionSymbolTable, 0, 0, symtabOffset, symtabSize, (uint)symtabIndex + 1,
            (uint)(1 + ordered.Count(s => !s.Global)), 8, SymbolSize));
        output.Write(SectionHeader(strtabName, SectionStringTable, 0, 0, strtabOffset, (ulong)strtab.Bytes.Length, 0, 0, 1, 0));
        output.Write(SectionHeader(shstrtabName, SectionStringTable, 0, 0, shstrtabOffset, (ulong)shstrtab.Bytes.Length, 0, 0, 1, 0));

        var bytes = output.ToArray();
        var header = bytes.AsSpan(0, HeaderSize);
        "\u007fELF"u8.CopyTo(header);
        header[4] = 2; // ELFCLASS64
        header[5] = 1; // ELFDATA2LSB
        header[6] = 1; // EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(header[16..], _relocatable ? TypeRelocatable : TypeExecutable);
        BinaryPrimitives.WriteUInt16LittleEndian(header[18..], MachineX86_64);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(header[24..], _entry);
        BinaryPrimitives.WriteUInt64LittleEndian(header[40..], tableOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(header[52..], HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header[54..], 56); // e_phentsize (no program headers)
        BinaryPrimitives.WriteUInt16LittleEndian(header[58..], SectionHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header[60..], (ushort)(_sections.Count + 4));
        BinaryPrimitives.WriteUInt16LittleEndian(header[62..], (ushort)(_sections.Count + 3));
        return bytes;
    }

    private string? SectionAt(ulong address) =>
        _relocatable
            ? ".text"
            : _sections.FirstOrDefault(s => address >= s.Address && address < s.Address + Math.Max(s.Size, 1))?.Name
                ?? throw new ArgumentException($"no section holds 0x{address:x}", nameof(address));

    private static byte[] SectionHeader(uint name, uint type, ulong flags, ulong address, ulong offset, ulong size, uint link, uint info, ulong align, ulong entrySize)
    {
        var header = new byte[SectionHeaderSize];
        var span = header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, name);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], type);
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], flags);
        BinaryPrimitives.WriteUInt64LittleEndian(span[16..], address);
        BinaryPrimitives.WriteUInt64LittleEndian(span[24..], offset);
        BinaryPrimitives.WriteUInt64LittleEndian(span[32..], size);
        BinaryPrimitives.WriteUInt32LittleEndian(span[40..], link);
        BinaryPrimitives.WriteUInt32LittleEndian(span[44..], info);
        BinaryPrimitives.WriteUInt64LittleEndian(span[48..], align);
        BinaryPrimitives.WriteUInt64LittleEndian(span[56..], entrySize);
        return header;
    }

    private static void Align(MemoryStream output, int alignment)
    {
        while (output.Length % alignment != 0)
        {
            output.WriteByte(0);
        }
    }

    private sealed record SectionSpec(string Name, ulong Address, ulong Size, ElfSectionKind Kind);

    private sealed record SymbolSpec(string Name, ulong Value, ulong Size, string? Section, byte Type, bool Global);

    /// <summary>A NUL-separated string table starting with the empty name.</summary>
    private sealed class StringTable
    {
        private readonly MemoryStream _bytes = new();

        public StringTable()
        {
            _bytes.WriteByte(0);
        }

        public byte[] Bytes => _bytes.ToArray();

        public uint Add(string name)
        {
            uint at = (uint)_bytes.Position;
            _bytes.Write(Encoding.UTF8.GetBytes(name));
            _bytes.WriteByte(0);
            return at;
        }
    }
}
