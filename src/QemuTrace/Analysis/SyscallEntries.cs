namespace QemuTrace.Analysis;

/// <summary>The kernel's system call entry points and handler naming conventions on x86-64.</summary>
public static class SyscallEntries
{
    /// <summary>Entry symbols: 64-bit (4.2+ and older <c>system_call</c>), PTI trampoline, and the compat entries.</summary>
    public static IReadOnlySet<string> EntrySymbols { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "entry_SYSCALL_64", "system_call", "entry_SYSCALL_64_trampoline",
        "entry_SYSCALL_compat", "entry_SYSENTER_compat", "entry_INT80_compat", "entry_SYSENTER_32", "entry_INT80_32",
    };

    private static readonly string[] HandlerPrefixes =
    [
        "__x64_compat_sys_", "__ia32_compat_sys_", "__x64_sys_", "__ia32_sys_", "__do_compat_sys_", "__se_compat_sys_",
        "__do_sys_", "__se_sys_", "compat_sys_", "SYSC_", "SyS_", "sys_",
    ];

    /// <summary>The syscall a handler symbol implements (<c>__x64_sys_openat</c> → <c>openat</c>), or null.</summary>
    public static string? HandlerSyscall(string symbol)
    {
        foreach (var prefix in HandlerPrefixes)
        {
            if (symbol.StartsWith(prefix, StringComparison.Ordinal) && symbol.Length > prefix.Length)
            {
                return symbol[prefix.Length..];
            }
        }

        return null;
    }
}
