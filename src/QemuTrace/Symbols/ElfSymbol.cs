using System.Buffers.Binary;

namespace QemuTrace.Symbols;

/// <summary>One ELF64 symbol table entry (System V gABI <c>Elf64_Sym</c>), little-endian.</summary>
internal readonly record struct ElfSymbol(uint NameOffset, int Type, int Binding, ushort Section, ulong Value, ulong Size)
{
    /// <summary>An entry's size in bytes.</summary>
    public const int EntrySize = 24;

    /// <summary>STT_FUNC.</summary>
    public const int Function = 2;

    /// <summary>STT_SECTION.</summary>
    public const int SectionSymbol = 3;

    /// <summary>STT_FILE.</summary>
    public const int FileSymbol = 4;

    /// <summary>STT_GNU_IFUNC.</summary>
    public const int GnuIfunc = 10;

    /// <summary>SHN_ABS: an absolute value, in no section.</summary>
    public const ushort Absolute = 0xfff1;

    /// <summary>Entries in a symbol table's contents.</summary>
    public static int Count(byte[] table) => table.Length / EntrySize;

    /// <summary>Entry <paramref name="index"/> of a symbol table's contents.</summary>
    public static ElfSymbol At(byte[] table, int index)
    {
        var entry = table.AsSpan(index * EntrySize, EntrySize);
        return new ElfSymbol(
            BinaryPrimitives.ReadUInt32LittleEndian(entry),
            entry[4] & 0xf,
            entry[4] >> 4,
            BinaryPrimitives.ReadUInt16LittleEndian(entry[6..]),
            BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]));
    }
}
