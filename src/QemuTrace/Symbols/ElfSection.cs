using System.Buffers.Binary;

namespace QemuTrace.Symbols;

/// <summary>One ELF64 section header (System V gABI), with its name once the section names are read.</summary>
internal readonly record struct ElfSection(int Index, uint NameOffset, uint Type, ulong Flags, ulong Address, ulong Offset, ulong Size, uint Link, ulong Alignment, ulong EntrySize)
{
    public const uint Null = 0;
    public const uint SymbolTable = 2;
    public const uint StringTable = 3;
    public const uint NoBits = 8;
    public const uint DynamicSymbols = 11;
    public const ulong Allocatable = 2;
    public const ulong Executable = 4;

    /// <summary>The section's name (from the section name table).</summary>
    public string Name { get; init; } = "";

    /// <summary>SHF_ALLOC: the section occupies memory at run time.</summary>
    public bool IsAllocated => (Flags & Allocatable) != 0;

    /// <summary>SHF_EXECINSTR: the section holds code.</summary>
    public bool IsCode => (Flags & Executable) != 0;

    /// <summary>The header at <paramref name="header"/> (64 bytes), little-endian.</summary>
    public static ElfSection Parse(int index, ReadOnlySpan<byte> header) => new(
        index,
        BinaryPrimitives.ReadUInt32LittleEndian(header),
        BinaryPrimitives.ReadUInt32LittleEndian(header[4..]),
        BinaryPrimitives.ReadUInt64LittleEndian(header[8..]),
        BinaryPrimitives.ReadUInt64LittleEndian(header[16..]),
        BinaryPrimitives.ReadUInt64LittleEndian(header[24..]),
        BinaryPrimitives.ReadUInt64LittleEndian(header[32..]),
        BinaryPrimitives.ReadUInt32LittleEndian(header[40..]),
        BinaryPrimitives.ReadUInt64LittleEndian(header[48..]),
        BinaryPrimitives.ReadUInt64LittleEndian(header[56..]));
}
