namespace QemuTrace.Analysis;

/// <summary>Where a PC runs during a boot; unsymbolized PCs are shown as the region's pseudo-function.</summary>
public enum BootRegion : byte
{
    /// <summary>Firmware and real mode: below 1 MiB, and the ROM just below 4 GiB (reset vector 0xfffffff0).</summary>
    Firmware,

    /// <summary>Physical addresses above 1 MiB before the kernel runs at virtual addresses (decompressor, early startup).</summary>
    EarlyBoot,

    /// <summary>Kernel text and the rest of the kernel half above it except the modules area.</summary>
    Kernel,

    /// <summary>The kernel modules area, 0xffffffffa0000000..0xfffffffffeffffff.</summary>
    Modules,

    /// <summary>User space (below 0x800000000000) once the kernel runs.</summary>
    User,

    /// <summary>Anything else (direct map, vmalloc, non-canonical).</summary>
    Other,
}
