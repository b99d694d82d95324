namespace QemuTrace.Formats.Text;

/// <summary>
/// One x86-64 register dump that QEMU's <c>-d cpu</c> writes to its log when the CPU loop enters a block whose PC
/// passes <c>-dfilter</c> (target/i386/cpu-dump.c, <c>x86_cpu_dump_state</c>): twenty lines, <c>RAX=</c> through
/// <c>EFER=</c>, right after the block's <c>exec_tb</c> line. Only the registers a syscall analysis needs are kept.
/// </summary>
public sealed class CpuState
{
    /// <summary>1-based line of the dump's <c>RAX=</c> line.</summary>
    public long Line { get; init; }

    /// <summary>1-based line of the trace record the dump follows (its <c>exec_tb</c> line), or 0 when none came before.</summary>
    public long RecordLine { get; init; }

    /// <summary>RAX: at a syscall entry, the syscall number.</summary>
    public ulong Rax { get; init; }

    /// <summary>RBX.</summary>
    public ulong Rbx { get; init; }

    /// <summary>RCX: at <c>entry_SYSCALL_64</c>, the user return address (the instruction after <c>syscall</c>).</summary>
    public ulong Rcx { get; init; }

    /// <summary>RDX: third syscall argument.</summary>
    public ulong Rdx { get; init; }

    /// <summary>RSI: second syscall argument.</summary>
    public ulong Rsi { get; init; }

    /// <summary>RDI: first syscall argument.</summary>
    public ulong Rdi { get; init; }

    /// <summary>RBP.</summary>
    public ulong Rbp { get; init; }

    /// <summary>RSP.</summary>
    public ulong Rsp { get; init; }

    /// <summary>R8: fifth syscall argument.</summary>
    public ulong R8 { get; init; }

    /// <summary>R9: sixth syscall argument.</summary>
    public ulong R9 { get; init; }

    /// <summary>R10: fourth syscall argument (the <c>syscall</c> instruction clobbers RCX, so the ABI moves it here).</summary>
    public ulong R10 { get; init; }

    /// <summary>R11: at a syscall entry, the user RFLAGS.</summary>
    public ulong R11 { get; init; }

    /// <summary>RIP: the block's PC.</summary>
    public ulong Rip { get; init; }

    /// <summary>RFLAGS.</summary>
    public ulong Rflags { get; init; }

    /// <summary>Current privilege level.</summary>
    public int Cpl { get; init; }

    /// <summary>CR3: the page-table base, i.e. the address space.</summary>
    public ulong Cr3 { get; init; }

    /// <summary>True when every field equals <paramref name="other"/>'s except the lines (a re-entered block dumps the same state twice).</summary>
    public bool SameRegisters(CpuState other) =>
        Rax == other.Rax && Rbx == other.Rbx && Rcx == other.Rcx && Rdx == other.Rdx && Rsi == other.Rsi && Rdi == other.Rdi
        && Rbp == other.Rbp && Rsp == other.Rsp && R8 == other.R8 && R9 == other.R9 && R10 == other.R10 && R11 == other.R11
        && Rip == other.Rip && Rflags == other.Rflags && Cpl == other.Cpl && Cr3 == other.Cr3;
}
