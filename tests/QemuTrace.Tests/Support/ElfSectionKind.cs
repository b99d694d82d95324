namespace QemuTrace.Tests.Support;

/// <summary>What an <see cref="ElfBuilder"/> section holds, which sets its type and flags.</summary>
public enum ElfSectionKind
{
    /// <summary>SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR (<c>.text</c>).</summary>
    Code,

    /// <summary>SHT_PROGBITS, SHF_ALLOC (<c>.rodata</c>).</summary>
    ReadOnlyData,

    /// <summary>SHT_PROGBITS, SHF_ALLOC | SHF_WRITE (<c>.data</c>).</summary>
    Data,

    /// <summary>SHT_NOBITS, SHF_ALLOC | SHF_WRITE (<c>.bss</c>): no file bytes.</summary>
    Bss,

    /// <summary>SHT_PROGBITS, not allocated (<c>.comment</c>).</summary>
    NotAllocated,
}
