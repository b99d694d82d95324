namespace QemuTrace.Interactive.Tests;

public sealed class RecordCommandTests : IDisposable
{
    private const string StockQemu = "/usr/bin/qemu-system-x86_64";
    private const string Kernel = "/work/capture-scratch/kernel/image/boot/vmlinuz-6.1.0-50-amd64";
    private const string Initramfs = "/work/capture-scratch/initramfs/initramfs.cpio.gz";
    private readonly TraceKernel _kernel = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("qtrace-record-").FullName;

    [FactWhenFileExists(StockQemu, "the recording probes QEMU first: install Debian's qemu-system-x86")]
    public async Task Record_in_syscalls_mode_without_nokaslr_fails_with_one_line_that_suggests_it()
    {
        var result = await _kernel.SubmitAsync(
            $"#!trace record --mode syscalls --vmlinux {TraceKernel.Data("vmlinux-symbols.gz")} --output {_dir}/boot.log --qemu \"{StockQemu} -kernel {Kernel} -append 'console=ttyS0'\"");

        var failed = Assert.Single(result.Events.OfType<Microsoft.DotNet.Interactive.Events.CommandFailed>());
        Assert.StartsWith("#!trace: the QEMU command: -append has no nokaslr", failed.Message);
        Assert.False(File.Exists($"{_dir}/boot.log"));
    }

    [FactWhenQemuBoots("a real recording needs Debian's qemu-system-x86 and the data/ kernel and initramfs (data/capture/01-packages.sh, 03-initramfs.sh)", [StockQemu, Kernel, Initramfs])]
    public async Task Record_then_symbols_and_syscalls_names_every_syscall_of_a_tiny_real_boot()
    {
        var qemu = $"{StockQemu} -m 256M -kernel {Kernel} -initrd {Initramfs} -append 'console=ttyS0 nokaslr panic=-1 cryptomgr.notests rdinit=/bin/busybox -- poweroff -f' -no-reboot -nographic";
        var recorded = await _kernel.SucceedAsync($"#!trace record --mode syscalls --vmlinux {TraceKernel.Data("vmlinux-symbols.gz")} --output {_dir}/tiny.log --qemu \"{qemu}\"");
        Assert.Contains("the guest powered off", TraceKernel.Text(recorded));
        await _kernel.SucceedAsync($"#!trace symbols --vmlinux {TraceKernel.Data("vmlinux-symbols.gz")}");
        await _kernel.SucceedAsync("#!trace syscalls");

        Assert.Equal(true, await _kernel.EvaluateAsync("syscalls.Rows.Count > 0 && syscalls[\"named_by\"].Cast<string>().All(n => n == \"register\")"));
        Assert.Equal(true, await _kernel.EvaluateAsync("recording.CpuStates == recording.EntryRecords"));
        Assert.Equal(true, await _kernel.EvaluateAsync("addressSpaces.Rows.Count > 0"));
    }

    public void Dispose()
    {
        _kernel.Dispose();
        Directory.Delete(_dir, true);
    }
}
