using QemuTrace.Symbols;

namespace QemuTrace.Analysis;

/// <summary>
/// Boot-phase helpers of the analyses: low addresses mean firmware or early boot before the kernel first runs at a
/// virtual address, and user space after it (the classification itself is <see cref="AddressMap"/>'s).
/// </summary>
public static class BootRegions
{
    /// <summary>Lowest kernel-text virtual address (4-level paging, KASLR range included).</summary>
    public const ulong KernelTextStart = AddressRegions.KernelTextStart;

    /// <summary>End (exclusive) of user space.</summary>
    public const ulong UserEnd = AddressRegions.UserEnd;

    /// <summary>Marks a low PC seen after the kernel started in <see cref="PhaseKey"/> (user PCs are below 2^47).</summary>
    private const ulong PostKernelBit = 1UL << 56;

    /// <summary>
    /// A key for per-PC tables that keeps a low PC apart before and after the kernel started: the same number is
    /// firmware or early boot before, user space after. Kernel-half PCs are their own key.
    /// </summary>
    public static ulong PhaseKey(ulong pc, bool kernelStarted) => kernelStarted && pc < UserEnd ? pc | PostKernelBit : pc;

    /// <summary>The PC a <see cref="PhaseKey"/> was made from.</summary>
    public static ulong PcOfPhaseKey(ulong key) => key < PostKernelBit << 1 ? key & ~PostKernelBit : key;

    /// <summary>Whether PCs of a region are looked up in kernel symbols (firmware, early boot and user space are not).</summary>
    public static bool HasKernelSymbols(AddressRegion region) => region is AddressRegion.Kernel or AddressRegion.Modules or AddressRegion.Other;

    /// <summary>The pseudo-function name analyses show for an unsymbolized PC of a region.</summary>
    public static string PseudoFunction(AddressRegion region) => AddressRegions.PseudoFunctionName(region);

    /// <summary>Lower-case region name for tables.</summary>
    public static string Name(AddressRegion region) => region switch
    {
        AddressRegion.Firmware => "firmware",
        AddressRegion.EarlyBoot => "early-boot",
        AddressRegion.Kernel => "kernel",
        AddressRegion.Modules => "modules",
        AddressRegion.User => "user",
        _ => "other",
    };
}
