namespace QemuTrace.Symbols;

/// <summary>Where a PC before kernel entry belongs, as far as the bzImage header and QEMU's loader tell (docs/early-boot.md).</summary>
public enum EarlyBootPart
{
    /// <summary>SeaBIOS and anything else not below: the reset vector, POST, its relocated init code, boot-time helpers.</summary>
    Firmware,

    /// <summary>The option ROM area <c>0xc0000..0xcffff</c>: the VGA BIOS, the NIC's iPXE ROM and QEMU's linuxboot(_dma) ROM that starts the kernel.</summary>
    OptionRoms,

    /// <summary>The kernel's real-mode setup code (arch/x86/boot), where QEMU loaded it.</summary>
    RealModeSetup,

    /// <summary>The protected-mode part of the bzImage where it was loaded: the decompressor's <c>startup_32</c>/<c>startup_64</c>, before it moves itself.</summary>
    DecompressorEntry,

    /// <summary>The decompressor after it copied itself to the end of the kernel's buffer: extraction, ELF placement, relocation.</summary>
    RelocatedDecompressor,

    /// <summary>From the first execution of the kernel's physical entry on.</summary>
    Kernel,
}
