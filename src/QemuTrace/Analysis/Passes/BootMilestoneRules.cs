namespace QemuTrace.Analysis.Passes;

/// <summary>
/// The milestone table: which first execution marks which boot milestone. Sources: the x86 reset vector and SeaBIOS's
/// POST entry (the PC after the reset vector's far jump), the BIOS boot-sector load address (0x7c00), the protected-mode
/// kernel load address of the boot protocol (0x100000, Documentation/arch/x86/boot.rst), and kernel functions.
/// </summary>
public static class BootMilestoneRules
{
    /// <summary>Physical PCs before the kernel whose first execution is a milestone.</summary>
    public static IReadOnlyList<(ulong Pc, string Milestone)> EarlyPcs { get; } =
    [
        (0xffff_fff0, "reset vector"),
        (0xf_e05b, "BIOS entry"),
        (0x7c00, "bootloader (0x7c00)"),
        (0x10_0000, "compressed kernel (0x100000)"),
    ];

    /// <summary>Kernel functions whose first execution is a milestone (several functions may mark one milestone: the first wins).</summary>
    public static IReadOnlyDictionary<string, string> Functions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["startup_64"] = "startup_64 (virtual)",
        ["start_kernel"] = "start_kernel",
        ["run_init_process"] = "init exec",
        ["path_mount"] = "first mount",
        ["do_mount"] = "first mount",
        ["__x64_sys_mount"] = "first mount syscall",
        ["__ia32_sys_mount"] = "first mount syscall",
        ["kernel_power_off"] = "power-off",
        ["machine_power_off"] = "power-off",
        ["native_machine_power_off"] = "power-off",
        ["kernel_restart"] = "reboot",
        ["machine_restart"] = "reboot",
        ["kernel_halt"] = "halt",
    };

    /// <summary>Function-name prefixes whose first execution (any function of the family) is a milestone.</summary>
    public static IReadOnlyList<(string Prefix, string Milestone)> FunctionPrefixes { get; } =
    [
        ("ext4_", "first ext4 call"),
    ];

    /// <summary>The kernel's physical entry: startup_64 at the physical load address (see <see cref="MilestonePass"/>).</summary>
    public const string KernelEntry = "kernel entry (physical startup_64)";

    /// <summary>The first block at a kernel virtual address.</summary>
    public const string FirstKernelVirtualAddress = "first kernel virtual address";

    /// <summary>The first user-space block after the kernel started.</summary>
    public const string FirstUserInstruction = "first user instruction";

    /// <summary>The first block at a syscall entry symbol's address.</summary>
    public const string FirstSyscall = "first syscall";

    /// <summary>The last record's time, added to every milestone list.</summary>
    public const string EndOfTrace = "end of trace";

    /// <summary>The milestone a kernel function's first execution marks, or null.</summary>
    public static string? OfFunction(string name)
    {
        if (Functions.TryGetValue(name, out var milestone))
        {
            return milestone;
        }

        foreach (var (prefix, family) in FunctionPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return family;
            }
        }

        return null;
    }
}
