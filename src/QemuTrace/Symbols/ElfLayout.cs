using System.Buffers.Binary;
using QemuTrace.Formats;

namespace QemuTrace.Symbols;

/// <summary>
/// ELF64 field offsets (System V gABI, <c>elf.h</c>) and the checks made before a file's symbols are trusted:
/// class, byte order and machine, then every section and symbol table bound. A corrupt header becomes an error
/// naming the byte offset instead of an exception deep in the reading or, worse, silently wrong symbols.
/// </summary>
internal static class ElfLayout
{
    /// <summary>Largest compressed ELF decompressed: a vmlinux with full debug info is well under this.</summary>
    public const long MaxFileBytes = 2L << 30;

    private const int ClassOffset = 4;
    private const int DataOffset = 5;
    private const int TypeOffset = 16;
    private const int MachineOffset = 18;
    private const int ProgramTableOffset = 0x20;
    private const int ProgramEntrySizeOffset = 0x36;
    private const int ProgramCountOffset = 0x38;
    private const int ProgramHeaderSize = 56;
    private const int SectionTableOffset = 0x28;
    private const int SectionEntrySizeOffset = 0x3A;
    private const int SectionCountOffset = 0x3C;
    private const int SectionNamesIndexOffset = 0x3E;

    private const int SectionHeaderSize = 64;
    private const int SectionTypeOffset = 4;
    private const int SectionFlagsOffset = 8;
    private const int SectionAddressOffset = 16;
    private const int SectionFileOffset = 24;
    private const int SectionSizeOffset = 32;
    private const int SectionLinkOffset = 40;
    private const int SectionEntrySizeFieldOffset = 56;

    private const int SymbolInfoOffset = 4;
    private const int SymbolSectionOffset = 6;
    private const int SymbolValueOffset = 8;
    private const int SymbolSizeOffset = 16;

    private const byte Class64 = 2;
    private const byte LittleEndian = 1;
    private const ushort MachineX86_64 = 62;
    private const ushort TypeRelocatable = 1;
    private const uint SectionNull = 0;
    private const uint SectionSymbolTable = 2;
    private const uint SectionStringTable = 3;
    private const uint SectionNoBits = 8;
    private const uint SectionDynamicSymbols = 11;
    private const ulong FlagAllocatable = 2;
    private const ulong FlagExecutable = 4;
    private const ulong FlagThreadLocal = 0x400;
    private const int SymbolTypeNone = 0;

    /// <summary>How far past its section's end a linker end marker may lie: a page.</summary>
    private const ulong MarkerSlack = 0x1000;
    private const int SymbolTypeFunction = 2;
    private const ushort SectionIndexReserved = 0xff00;
    private const ushort SectionIndexExtended = 0xffff;

    /// <summary>Most section headers read: 64 MB of headers (a vmlinux has about 100 sections).</summary>
    private const ulong MaxSections = 1 << 20;

    /// <summary>
    /// Throws a <see cref="TraceFormatException"/> naming the offending field when the file is not a sound x86-64 ELF64;
    /// else the section header table's offset, the section count and the section-name table's index.
    /// </summary>
    public static (long TableOffset, int Count, int NamesIndex) Validate(ElfImage image)
    {
        string path = image.Path;
        ulong length = (ulong)image.Length;
        var elf = image.Header.AsSpan();
        if (elf[ClassOffset] != Class64)
        {
            throw new TraceFormatException(path, TraceLocation.Byte(ClassOffset), $"a {(elf[ClassOffset] == 1 ? "32-bit" : "corrupt")} ELF (EI_CLASS {elf[ClassOffset]}); only 64-bit x86-64 ELF (kernels, modules, binaries) is supported");
        }

        if (elf[DataOffset] != LittleEndian)
        {
            throw new TraceFormatException(path, TraceLocation.Byte(DataOffset), $"a {(elf[DataOffset] == 2 ? "big-endian" : "corrupt")} ELF (EI_DATA {elf[DataOffset]}); x86-64 ELF is little-endian: give the guest kernel's own vmlinux");
        }

        ushort machine = U16(elf, MachineOffset);
        if (machine != MachineX86_64)
        {
            throw new TraceFormatException(path, TraceLocation.Byte(MachineOffset), $"an ELF for {MachineName(machine)} (e_machine {machine}), not x86-64; give the x86-64 guest kernel's vmlinux (these traces are of x86-64 guests)");
        }

        ulong tableOffset = U64(elf, SectionTableOffset);
        ulong count = U16(elf, SectionCountOffset);
        ulong namesIndex = U16(elf, SectionNamesIndexOffset);
        ulong segmentsOffset = U64(elf, ProgramTableOffset);
        ulong segments = U16(elf, ProgramCountOffset);
        if (segments > 0 && (U16(elf, ProgramEntrySizeOffset) != ProgramHeaderSize || segmentsOffset > length
            || segments > (length - segmentsOffset) / ProgramHeaderSize))
        {
            throw Corrupt(path, ProgramTableOffset, $"{segments} program headers of {U16(elf, ProgramEntrySizeOffset)} bytes at {segmentsOffset} do not fit in the file ({length} bytes)");
        }

        if (tableOffset == 0)
        {
            // No section headers means no symbol table: what looks like headers would be garbage.
            throw new TraceFormatException(path, TraceLocation.Byte(SectionTableOffset),
                "no section headers (e_shoff 0), so no symbol table: the ELF is stripped (or corrupt); use the kernel's debug image (vmlinux from linux-image-VERSION-dbg or kernel-debuginfo), or its System.map (--system-map) or a /proc/kallsyms snapshot (--kallsyms)");
        }

        if (U16(elf, SectionEntrySizeOffset) != SectionHeaderSize)
        {
            throw Corrupt(path, SectionEntrySizeOffset, $"e_shentsize is {U16(elf, SectionEntrySizeOffset)}, expected {SectionHeaderSize}");
        }

        if (length < SectionHeaderSize || tableOffset > length - SectionHeaderSize)
        {
            throw Corrupt(path, SectionTableOffset, $"the section header table at {tableOffset} lies past the end of the file ({length} bytes): the file is truncated");
        }

        if (count == 0)
        {
            // Extended numbering: the count is section 0's sh_size (and the names' index its sh_link).
            count = U64(image.Read((long)tableOffset, SectionHeaderSize), SectionSizeOffset);
        }

        if (namesIndex == SectionIndexExtended)
        {
            namesIndex = U32(image.Read((long)tableOffset, SectionHeaderSize), SectionLinkOffset);
        }

        if (count > (length - tableOffset) / SectionHeaderSize || count > MaxSections)
        {
            throw Corrupt(path, SectionCountOffset, $"{count} section headers at {tableOffset} do not fit in the file ({length} bytes): the file is truncated");
        }

        if (namesIndex >= count)
        {
            throw Corrupt(path, SectionNamesIndexOffset, $"e_shstrndx {namesIndex} is not one of the {count} sections");
        }

        var table = image.SectionTable((long)tableOffset, (int)count);
        bool relocatable = U16(elf, TypeOffset) == TypeRelocatable;
        var placed = new List<(ulong Address, ulong Size, int Index)>();
        for (int i = 0; i < (int)count; i++)
        {
            int header = i * SectionHeaderSize;
            uint type = U32(table, header + SectionTypeOffset);
            ulong offset = U64(table, header + SectionFileOffset);
            ulong size = U64(table, header + SectionSizeOffset);
            bool hasContents = type != SectionNull && type != SectionNoBits;
            if (hasContents && (offset > length || size > length - offset))
            {
                throw Corrupt(path, (long)tableOffset + header + SectionFileOffset, $"section {i} claims bytes {offset}..{offset + size} of a {length}-byte file: the section header is corrupt or the file truncated");
            }

            if (type is SectionSymbolTable or SectionDynamicSymbols)
            {
                ValidateSymbols(image, (long)tableOffset, table, (int)count, i, relocatable);
            }

            ulong flags = U64(table, header + SectionFlagsOffset);
            if (!relocatable && (flags & FlagAllocatable) != 0 && (flags & FlagThreadLocal) == 0 && size > 0 && type != SectionNull)
            {
                placed.Add((U64(table, header + SectionAddressOffset), size, i));
            }
        }

        // In an executable, allocated sections have distinct addresses: one that wraps past 2^64 or covers another
        // has a corrupt address or size, and would claim addresses that belong to other symbols.
        placed.Sort();
        for (int i = 0; i < placed.Count; i++)
        {
            var (address, size, index) = placed[i];
            bool wraps = address > ulong.MaxValue - size;
            if (wraps || (i + 1 < placed.Count && address + size > placed[i + 1].Address))
            {
                throw Corrupt(path, (long)tableOffset + (index * SectionHeaderSize) + SectionSizeOffset,
                    $"section {index} (address 0x{address:x}, size {size}) {(wraps ? "runs past the end of the address space" : $"overlaps section {placed[i + 1].Index}")}: its address or size field is corrupt");
            }
        }

        return ((long)tableOffset, (int)count, (int)namesIndex);
    }

    private static void ValidateSymbols(ElfImage image, long tableOffset, ReadOnlySpan<byte> table, int count, int index, bool relocatable)
    {
        string path = image.Path;
        int header = index * SectionHeaderSize;
        ulong entrySize = U64(table, header + SectionEntrySizeFieldOffset);
        ulong size = U64(table, header + SectionSizeOffset);
        uint link = U32(table, header + SectionLinkOffset);
        if (entrySize != ElfSymbol.EntrySize || size % ElfSymbol.EntrySize != 0)
        {
            throw Corrupt(path, tableOffset + header + SectionEntrySizeFieldOffset, $"symbol table section {index} has entries of {entrySize} bytes and size {size}; ELF64 symbols are {ElfSymbol.EntrySize} bytes");
        }

        if (link >= count || U32(table, ((int)link * SectionHeaderSize) + SectionTypeOffset) != SectionStringTable)
        {
            throw Corrupt(path, tableOffset + header + SectionLinkOffset, $"symbol table section {index} names section {link} as its string table, which is not one");
        }

        ulong namesSize = U64(table, ((int)link * SectionHeaderSize) + SectionSizeOffset);
        long start = (long)U64(table, header + SectionFileOffset);
        var elf = image.Contents(index, (ulong)start, size).AsSpan();
        int symbols = (int)(size / ElfSymbol.EntrySize);
        var misplaced = new Dictionary<int, int>();
        var placed = new Dictionary<int, int>();
        for (int s = 0; s < symbols; s++)
        {
            int at = s * ElfSymbol.EntrySize;
            if (U32(elf, at) >= namesSize && namesSize > 0)
            {
                throw Corrupt(path, start + at, $"symbol {s} of section {index} has a name offset {U32(elf, at)} past its string table ({namesSize} bytes)");
            }

            ushort section = U16(elf, at + SymbolSectionOffset);
            if (section == 0 || section >= SectionIndexReserved)
            {
                continue;
            }

            if (section >= count)
            {
                throw Corrupt(path, start + at + SymbolSectionOffset, $"symbol {s} of section {index} points at section {section}, past the {count} sections");
            }

            int target = section * SectionHeaderSize;
            ulong flags = U64(table, target + SectionFlagsOffset);
            if (relocatable || (flags & FlagAllocatable) == 0 || (flags & FlagThreadLocal) != 0)
            {
                continue;
            }

            ulong value = U64(elf, at + SymbolValueOffset);
            ulong address = U64(table, target + SectionAddressOffset);
            ulong length = U64(table, target + SectionSizeOffset);

            // ld's markers (__bss_start, _edata, _end: untyped, size 0) name the last allocated section and may lie just
            // past it, rounded up to the page (a static binary without .data or .bss has three such): not a sign of a
            // corrupt header. Only that exact shape is let through; untyped labels inside sections still count.
            if ((elf[at + SymbolInfoOffset] & 0xf) == SymbolTypeNone && U64(elf, at + SymbolSizeOffset) == 0
                && value >= address && value - address >= length && value - address - length < MarkerSlack)
            {
                continue;
            }

            placed[section] = placed.GetValueOrDefault(section) + 1;
            bool function = (elf[at + SymbolInfoOffset] & 0xf) == SymbolTypeFunction;
            if (value < address || value - address > length || (function && (flags & FlagExecutable) == 0))
            {
                misplaced[section] = misplaced.GetValueOrDefault(section) + 1;
            }
        }

        // Symbols outside the section they name (or functions in a section that is not code) mean the section header
        // is corrupt: trusting it would give wrong answers silently. One or two may be linker oddities; many are not.
        foreach (var (section, bad) in misplaced)
        {
            if (bad > 2 && bad * 100L > placed[section])
            {
                throw Corrupt(path, tableOffset + (section * SectionHeaderSize) + SectionAddressOffset,
                    $"{bad} of the {placed[section]} symbols of section {section} lie outside it, or are functions while it is not code (its address, size or flags field is corrupt)");
            }
        }
    }

    private static TraceFormatException Corrupt(string path, long offset, string detail) =>
        new(path, TraceLocation.Byte(offset), $"a corrupt ELF: {detail}; copy the file again, or give --system-map / --kallsyms instead");

    private static string MachineName(ushort machine) => machine switch
    {
        3 => "i386",
        8 => "MIPS",
        20 => "PowerPC",
        21 => "PowerPC64",
        22 => "s390",
        40 => "ARM",
        183 => "AArch64",
        243 => "RISC-V",
        258 => "LoongArch",
        _ => "another machine",
    };

    private static ushort U16(ReadOnlySpan<byte> bytes, int at) => BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..]);

    private static uint U32(ReadOnlySpan<byte> bytes, int at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]);

    private static ulong U64(ReadOnlySpan<byte> bytes, int at) => BinaryPrimitives.ReadUInt64LittleEndian(bytes[at..]);
}
