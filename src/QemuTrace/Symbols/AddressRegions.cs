namespace QemuTrace.Symbols;

/// <summary>The fixed x86-64 (4-level paging) address layout the <see cref="AddressMap"/> classifier starts from, and region names.</summary>
public static class AddressRegions
{
    /// <summary>End of real-mode memory (1 MiB): everything below is firmware or boot-sector code.</summary>
    public const ulong RealModeEnd = 0x10_0000;

    /// <summary>Start of the firmware flash/ROM window below 4 GiB (SeaBIOS maps its 256 KiB at 0xfffc0000, OVMF up to 16 MiB).</summary>
    public const ulong FirmwareRomStart = 0xff00_0000;

    /// <summary>4 GiB: physical addresses of early boot lie below.</summary>
    public const ulong FourGiB = 0x1_0000_0000;

    /// <summary>End (exclusive) of the userspace half of the address space.</summary>
    public const ulong UserEnd = 0x8000_0000_0000;

    /// <summary>Start of the kernel image's virtual range (KASLR moves the image within it).</summary>
    public const ulong KernelTextStart = 0xffff_ffff_8000_0000;

    /// <summary>Start of the module area (the kernel image range ends just below).</summary>
    public const ulong ModulesStart = 0xffff_ffff_a000_0000;

    /// <summary>End (inclusive) of the module area.</summary>
    public const ulong ModulesLast = 0xffff_ffff_feff_ffff;

    /// <summary>The legacy vsyscall page, executed in user mode.</summary>
    public const ulong VsyscallPage = 0xffff_ffff_ff60_0000;

    /// <summary>The cpu_entry_area (entry trampolines with PTI).</summary>
    public const ulong CpuEntryAreaStart = 0xffff_fe00_0000_0000;

    /// <summary>Size of the cpu_entry_area (0.5 TiB).</summary>
    public const ulong CpuEntryAreaSize = 0x80_0000_0000;

    /// <summary>The pseudo-function name analyses show for unsymbolized PCs of <paramref name="region"/>: <c>[bios]</c>, <c>[early-boot]</c>, <c>[kernel]</c>, <c>[modules]</c>, <c>[user]</c> or <c>[other]</c>.</summary>
    public static string PseudoFunctionName(AddressRegion region) => region switch
    {
        AddressRegion.Firmware => "[bios]",
        AddressRegion.EarlyBoot => "[early-boot]",
        AddressRegion.Kernel => "[kernel]",
        AddressRegion.Modules => "[modules]",
        AddressRegion.User => "[user]",
        _ => "[other]",
    };
}
