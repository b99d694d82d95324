using QemuTrace.Analysis;
using QemuTrace.Formats;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Analysis;

public class SyscallTableTests
{
    /// <summary>The full debug image of the data/ kernel; data/capture/01-packages.sh fetches it (about 630 MB, not committed).</summary>
    private const string DebugVmlinux = "/work/capture-scratch/kernel/dbg/usr/lib/debug/boot/vmlinux-6.1.0-50-amd64";

    private const string Why = "the full debug vmlinux (linux-image-6.1.0-50-amd64-dbg) is needed to read sys_call_table; run data/capture/01-packages.sh";

    [FactWhenFileExists(DebugVmlinux, Why)]
    public void The_kernel_sys_call_table_and_the_abi_table_agree_on_every_number()
    {
        var kernel = SyscallTable.FromVmlinux(DebugVmlinux);

        Assert.Empty(kernel.Disagreements);
        Assert.Equal(451, kernel.KernelHandlers.Count); // NR_syscalls of 6.1: 0..450
        Assert.Equal("__x64_sys_openat", kernel.KernelHandlers[257]);
        Assert.Equal("__x64_sys_newstat", kernel.KernelHandlers[4]);
        for (int nr = 0; nr < 451; nr++)
        {
            if (kernel.KernelHandlers[nr] != "__x64_sys_ni_syscall")
            {
                Assert.Equal(SyscallTable.X64Abi.NameOf(nr), kernel.NameOf(nr));
                Assert.NotNull(kernel.NameOf(nr));
            }
        }
    }

    [Fact]
    public void A_symbols_only_vmlinux_cannot_give_sys_call_table_and_says_so()
    {
        var e = Assert.Throws<TraceFormatException>(() => SyscallTable.FromVmlinux(RepositoryData.PathOf("boot", "vmlinux-symbols.gz")));

        Assert.Contains("has no contents in this file", e.Message);
        Assert.Contains("rely on the ABI table", e.Message);
    }
}
