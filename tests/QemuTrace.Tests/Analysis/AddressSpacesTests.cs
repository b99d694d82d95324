using QemuTrace.Analysis;

namespace QemuTrace.Tests.Analysis;

public class AddressSpacesTests
{
    private static SyscallRow Call(long time, string name, ulong cr3) =>
        new(time, name, 10, SyscallNaming.Register, 0x401000, 1, "entry_SYSCALL_64", new SyscallRegisters(0, 0, 0, 0, 0, 0, 0, 0x401010, cr3, 1));

    [Fact]
    public void Each_address_space_gets_a_row_with_its_clones_execve_and_exit()
    {
        var rows = AddressSpaces.From([
            Call(100, "clone", 0xa000), Call(150, "execve", 0xb000), Call(200, "wait4", 0xa000),
            Call(250, "write", 0xc000), Call(300, "exit_group", 0xc000)]);

        Assert.Equal(
            [new AddressSpaceRow(0xa000, 100, 200, 2, 1, null, null, "clone×1 wait4×1"),
             new AddressSpaceRow(0xb000, 150, 150, 1, 0, 150, null, "execve×1"),
             new AddressSpaceRow(0xc000, 250, 300, 2, 0, null, 300, "exit_group×1 write×1")],
            rows);
    }

    [Fact]
    public void A_cr3_reused_after_an_exit_starts_a_new_row()
    {
        var rows = AddressSpaces.From([Call(100, "read", 0xa000), Call(110, "exit_group", 0xa000), Call(200, "brk", 0xa000)]);

        Assert.Equal([(100L, 110L), (200L, 200L)], rows.Select(r => (r.FirstNs, r.LastNs)));
    }

    [Fact]
    public void Syscalls_without_registers_make_no_rows()
    {
        Assert.Empty(AddressSpaces.From([new SyscallRow(1, "read", 1, SyscallNaming.Handler, 0, 1, "entry_SYSCALL_64")]));
    }
}
