namespace QemuTrace.Symbols;

/// <summary>gdb's minimal symbol types (<c>enum minimal_symbol_type</c>), as gdb's elfread.c assigns them.</summary>
internal enum MinimalSymbolType : byte
{
    Text,
    TextGnuIfunc,
    Data,
    DataGnuIfunc,
    Bss,
    Abs,
    FileText,
    FileData,
    FileBss,
}
