namespace QemuTrace.Analysis;

/// <summary>
/// The syscalls of one address space (one CR3 value: a process image, from its fork or execve to its exit or its next
/// execve), with the events that mark its life.
/// </summary>
/// <param name="Cr3">The CR3 value at the syscall entries.</param>
/// <param name="FirstNs">Its first syscall's entry time.</param>
/// <param name="LastNs">Its last syscall's entry time.</param>
/// <param name="Syscalls">Syscalls made in it.</param>
/// <param name="Clones">clone, clone3, fork and vfork calls made in it (children start in new address spaces).</param>
/// <param name="ExecveNs">Its last execve's entry time (a successful execve replaces the address space), or null if it made none.</param>
/// <param name="ExitNs">Its exit_group (or exit) entry time, or null if it made none in the trace.</param>
/// <param name="Top">Its most frequent syscalls, <c>name×count</c>, most frequent first.</param>
public sealed record AddressSpaceRow(ulong Cr3, long FirstNs, long LastNs, int Syscalls, int Clones, long? ExecveNs, long? ExitNs, string Top);
