namespace QemuTrace.Analysis;

/// <summary>How a system call got its name.</summary>
public enum SyscallNaming
{
    /// <summary>Not named: no handler seen and no rule applies.</summary>
    None,

    /// <summary>Its handler (<c>__x64_sys_X</c> and kin) was seen before the return to user space.</summary>
    Handler,

    /// <summary>Inferred: entries with the same previous syscall and the same resume PC were always, when their handler was seen, this syscall.</summary>
    Inferred,

    /// <summary>From its number: RAX in a <c>-d cpu</c> register dump at the entry, looked up in a <see cref="SyscallTable"/>.</summary>
    Register,
}
