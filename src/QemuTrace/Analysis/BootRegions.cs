namespace QemuTrace.Analysis;

/// <summary>
/// Classifies PCs by x86-64 address ranges and boot phase. Low addresses mean firmware or early boot before the
/// kernel first runs at a virtual address, and user space after it: the same number cannot be told apart otherwise.
/// </summary>
public static class BootRegions
{
    /// <summary>Lowest kernel-text virtual address (4-level paging, KASLR range included).</summary>
    public const ulong KernelTextStart = 0xffff_ffff_8000_0000;

    /// <summary>Start of the modules area.</summary>
    public const ulong ModulesStart = 0xffff_ffff_a000_0000;

    /// <summary>End (exclusive) of the modules area.</summary>
    public const ulong ModulesEnd = 0xffff_ffff_ff00_0000;

    /// <summary>End (exclusive) of user space.</summary>
    public const ulong UserEnd = 0x0000_8000_0000_0000;

    /// <summary>Start of the firmware ROM mapped just below 4 GiB (the reset vector is 0xfffffff0).</summary>
    public const ulong HighRomStart = 0xfff0_0000;

    /// <summary>Classifies <paramref name="pc"/>; <paramref name="kernelStarted"/> says whether the kernel already ran at a virtual address.</summary>
    public static BootRegion Classify(ulong pc, bool kernelStarted)
    {
        if (pc >= KernelTextStart)
        {
            return pc >= ModulesStart && pc < ModulesEnd ? BootRegion.Modules : BootRegion.Kernel;
        }

        if (pc < UserEnd)
        {
            if (kernelStarted)
            {
                return BootRegion.User;
            }

            return pc < 0x10_0000 || (pc >= HighRomStart && pc <= 0xffff_ffff) ? BootRegion.Firmware : BootRegion.EarlyBoot;
        }

        return BootRegion.Other;
    }

    /// <summary>The pseudo-function name analyses show for an unsymbolized PC of a region.</summary>
    public static string PseudoFunction(BootRegion region) => region switch
    {
        BootRegion.Firmware => "[bios]",
        BootRegion.EarlyBoot => "[early-boot]",
        BootRegion.Kernel => "[kernel]",
        BootRegion.Modules => "[modules]",
        BootRegion.User => "[user]",
        _ => "[other]",
    };

    /// <summary>Lower-case region name for tables.</summary>
    public static string Name(BootRegion region) => region switch
    {
        BootRegion.Firmware => "firmware",
        BootRegion.EarlyBoot => "early-boot",
        BootRegion.Kernel => "kernel",
        BootRegion.Modules => "modules",
        BootRegion.User => "user",
        _ => "other",
    };
}
