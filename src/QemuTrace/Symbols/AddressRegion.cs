namespace QemuTrace.Symbols;

/// <summary>
/// Where a guest PC lies in an x86-64 PC's address space, for PCs no symbol names (and for telling firmware and
/// real-mode code from the per-CPU data symbols gdb would name them with). See <see cref="AddressRegions"/>.
/// </summary>
public enum AddressRegion : byte
{
    /// <summary>Firmware: below 1 MiB (real mode, SeaBIOS, option ROMs) or the flash/ROM window in the 16 MiB below 4 GiB (reset vector 0xfffffff0). Pseudo-function <c>[bios]</c>.</summary>
    Firmware,

    /// <summary>Other addresses below 4 GiB: the kernel's physical entry, the decompressor, early page-table code (and a non-PIE userspace binary, which a PC alone cannot tell apart). Pseudo-function <c>[early-boot]</c>.</summary>
    EarlyBoot,

    /// <summary>The kernel image's virtual range 0xffffffff80000000..0xffffffff9fffffff, and the cpu_entry_area. Pseudo-function <c>[kernel]</c>.</summary>
    Kernel,

    /// <summary>The module area 0xffffffffa0000000..0xfffffffffeffffff (modules, BPF JIT code). Pseudo-function <c>[modules]</c>.</summary>
    Modules,

    /// <summary>Userspace: at or above 4 GiB and below 0x800000000000, and the vsyscall page. Pseudo-function <c>[user]</c>.</summary>
    User,

    /// <summary>Anything else (direct map, vmalloc, non-canonical). Pseudo-function <c>[other]</c>.</summary>
    Other,
}
