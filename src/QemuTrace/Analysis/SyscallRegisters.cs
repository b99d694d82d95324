namespace QemuTrace.Analysis;

/// <summary>
/// What the CPU's registers say about one syscall at its entry (a <c>-d cpu</c> dump at <c>entry_SYSCALL_64</c>):
/// the x86-64 syscall ABI puts the number in RAX and the arguments in RDI, RSI, RDX, R10, R8, R9; the
/// <c>syscall</c> instruction leaves the user return address in RCX; CR3 identifies the address space.
/// </summary>
/// <param name="Number">The syscall number: the low 32 bits of RAX, sign-extended, as the kernel's <c>do_syscall_64</c> reads it.</param>
/// <param name="Arg0">RDI.</param>
/// <param name="Arg1">RSI.</param>
/// <param name="Arg2">RDX.</param>
/// <param name="Arg3">R10.</param>
/// <param name="Arg4">R8.</param>
/// <param name="Arg5">R9.</param>
/// <param name="CallSite">RCX: the instruction after the <c>syscall</c> in user space.</param>
/// <param name="Cr3">CR3: the page-table base, one value per address space (process).</param>
/// <param name="DumpLine">The line of the dump in the capture.</param>
/// <param name="CallSiteFunction">
/// The user-space function holding <paramref name="CallSite"/> (gdb's <c>info symbol</c> name, from a <c>--user ELF@BASE</c>
/// symbol file), or null when no user symbols are loaded or none covers it.
/// </param>
public sealed record SyscallRegisters(long Number, ulong Arg0, ulong Arg1, ulong Arg2, ulong Arg3, ulong Arg4, ulong Arg5, ulong CallSite, ulong Cr3, long DumpLine, string? CallSiteFunction = null);
