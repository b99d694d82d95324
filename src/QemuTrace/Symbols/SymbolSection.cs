namespace QemuTrace.Symbols;

/// <summary>An allocated section of a symbol source, at its (relocated) address.</summary>
/// <param name="Name">The section name gdb prints (<c>.text</c>, <c>.data..percpu</c>, ...).</param>
/// <param name="Address">First address.</param>
/// <param name="Size">Size in bytes; the section covers <c>[Address, Address + Size)</c>.</param>
/// <param name="IsCode">True for executable sections (ELF <c>SHF_EXECINSTR</c>).</param>
public sealed record SymbolSection(string Name, ulong Address, ulong Size, bool IsCode)
{
    /// <summary>First address past the section (saturates at 2^64 - 1).</summary>
    public ulong End => Address + Size < Address ? ulong.MaxValue : Address + Size;

    /// <summary>True when <paramref name="address"/> lies in the section.</summary>
    public bool Contains(ulong address) => address >= Address && address - Address < Size;
}
