namespace QemuTrace.Symbols;

/// <summary>Where a <see cref="SymbolFile"/>'s symbols came from.</summary>
public enum SymbolSourceKind : byte
{
    /// <summary>An ELF executable or shared object (vmlinux, a userspace binary) through its <c>.symtab</c> or <c>.dynsym</c>.</summary>
    Elf,

    /// <summary>A relocatable ELF (a kernel module <c>.ko</c>) placed at its load address.</summary>
    ElfModule,

    /// <summary>A <c>System.map</c> (no sizes; sections inferred from the kernel's linker-script markers).</summary>
    SystemMap,

    /// <summary>A <c>/proc/kallsyms</c> snapshot: the kernel, or one module's <c>[name]</c> lines.</summary>
    Kallsyms,
}
