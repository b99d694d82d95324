namespace QemuTrace.Symbols;

/// <summary>A symbol as the symbolizer knows it (one gdb minimal symbol).</summary>
/// <param name="Name">The name gdb prints (its decoded print name: <c>foo.constprop</c> for <c>foo.constprop.0</c>, <c>foo[cold]</c> for <c>foo.cold</c>).</param>
/// <param name="LinkageName">The name in the symbol table.</param>
/// <param name="Address">The (relocated) address.</param>
/// <param name="Size">ELF <c>st_size</c>; 0 when unknown (System.map, kallsyms, labels).</param>
/// <param name="Section">The section it belongs to.</param>
/// <param name="ObjectFile">The object file (vmlinux, a module, ...) as gdb names it in multi-objfile answers.</param>
/// <param name="IsCode">True for symbols in executable sections (gdb's <c>mst_text</c>/<c>mst_file_text</c>).</param>
/// <param name="IsGlobal">True for global and weak symbols, false for file-local ones.</param>
public sealed record SymbolInfo(string Name, string LinkageName, ulong Address, ulong Size, string Section, string ObjectFile, bool IsCode, bool IsGlobal);
