using QemuTrace.Analysis;
using QemuTrace.Formats;
using QemuTrace.Recording;
using QemuTrace.Symbols;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Recording;

public class QemuRecorderTests
{
    private const string StockQemu = "/usr/bin/qemu-system-x86_64";
    private const string Kernel = "/work/capture-scratch/kernel/image/boot/vmlinuz-6.1.0-50-amd64";
    private const string Initramfs = "/work/capture-scratch/initramfs/initramfs.cpio.gz";
    private const string Why = "the end-to-end recording needs Debian's qemu-system-x86 and the data/ kernel and initramfs (data/capture/01-packages.sh and 03-initramfs.sh)";
    private static readonly string Vmlinux = RepositoryData.PathOf("boot", "vmlinux-symbols.gz");
    private static readonly QemuCapabilities LogOnly = new(StockQemu, "QEMU emulator version 7.2.22", false, true, true);
    private static readonly QemuCapabilities SimpleAndLog = new(StockQemu, "QEMU emulator version 7.2.22", true, true, true);

    private static RecordRequest Request(RecordMode mode, string append, string output, params string[] extra) => new()
    {
        QemuCommand = [StockQemu, "-m", "256M", "-kernel", "vmlinuz", "-append", append, "-nographic", .. extra],
        Mode = mode,
        Vmlinux = Vmlinux,
        Output = output,
    };

    [Fact]
    public void Syscalls_mode_adds_the_log_trace_and_a_register_dump_filter_at_entry_SYSCALL_64()
    {
        using var temp = new TempFiles();

        var plan = QemuRecorder.Plan(Request(RecordMode.Syscalls, "console=ttyS0 nokaslr", temp.PathOf("boot.log")), LogOnly);

        Assert.Equal(["-accel", "tcg", "-trace", "exec_tb*", "-D", temp.PathOf("boot.log") + ".partial", "-msg", "timestamp=on", "-d", "cpu"], plan.Added.Take(10));
        Assert.StartsWith("0xffffffff81c00080+1,", plan.Added[11]);
        Assert.Equal(TraceFormat.Log, plan.Format);
        Assert.Equal(temp.PathOf("boot.console.txt"), plan.ConsoleOutput);
        Assert.Equal(["-m", "256M", "-kernel", "vmlinuz"], plan.Command.Skip(1).Take(4));
    }

    [Fact]
    public void Exec_tb_mode_takes_the_simple_backend_when_the_qemu_has_it()
    {
        using var temp = new TempFiles();

        var plan = QemuRecorder.Plan(Request(RecordMode.ExecTb, "console=ttyS0", temp.PathOf("boot.bin"), "-accel", "tcg"), SimpleAndLog);

        Assert.Equal(["-trace", $"enable=exec_tb*,file={temp.PathOf("boot.bin")}.partial"], plan.Added);
        Assert.Equal(TraceFormat.Simple, plan.Format);
    }

    [Fact]
    public void Syscalls_mode_without_nokaslr_is_refused_with_one_line_that_suggests_it()
    {
        using var temp = new TempFiles();

        var e = Assert.Throws<InputException>(() => QemuRecorder.Plan(Request(RecordMode.Syscalls, "console=ttyS0", temp.PathOf("boot.log")), LogOnly));

        Assert.Contains("add nokaslr to -append", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void With_kaslr_ranges_the_filter_covers_all_512_slides_of_the_entry()
    {
        using var temp = new TempFiles();

        var plan = QemuRecorder.Plan(Request(RecordMode.Syscalls, "console=ttyS0", temp.PathOf("boot.log")) with { KaslrRanges = true }, LogOnly);

        var ranges = plan.Added[^1].Split(',');
        Assert.Equal(512, ranges.Length);
        Assert.Equal("0xffffffff81c00080+1", ranges[0]);
        Assert.Equal($"0x{0xffffffff81c00080UL + (511UL * 0x200000):x}+1", ranges[^1]);
    }

    [Fact]
    public void A_kvm_command_is_refused_because_exec_tb_needs_tcg()
    {
        using var temp = new TempFiles();

        var e = Assert.Throws<InputException>(() => QemuRecorder.Plan(Request(RecordMode.ExecTb, "nokaslr", temp.PathOf("boot.log"), "-enable-kvm"), LogOnly));

        Assert.Contains("only fire under TCG", e.Message);
    }

    [Fact]
    public void A_command_that_already_traces_is_refused()
    {
        using var temp = new TempFiles();

        var e = Assert.Throws<InputException>(() => QemuRecorder.Plan(Request(RecordMode.ExecTb, "nokaslr", temp.PathOf("boot.log"), "-d", "int"), LogOnly));

        Assert.Contains("it already has -d", e.Message);
    }

    [Fact]
    public void The_output_never_overwrites_an_input_nor_an_existing_file_without_force()
    {
        using var temp = new TempFiles();
        var initrd = temp.Write("initrd.gz", "x");
        var existing = temp.Write("old.log", "x");

        var input = Assert.Throws<InputException>(() => QemuRecorder.Plan(Request(RecordMode.ExecTb, "nokaslr", initrd, "-initrd", initrd) with { Force = true }, LogOnly));
        var old = Assert.Throws<InputException>(() => QemuRecorder.Plan(Request(RecordMode.ExecTb, "nokaslr", existing), LogOnly));

        Assert.Contains("is an input of the QEMU command", input.Message);
        Assert.Contains("already exists", old.Message);
        QemuRecorder.Plan(Request(RecordMode.ExecTb, "nokaslr", existing) with { Force = true }, LogOnly);
    }

    [FactWhenFileExists(Why, [StockQemu, Kernel, Initramfs])]
    public void Probing_debian_qemu_finds_the_log_backend_only_and_plugin_support()
    {
        var qemu = QemuProbe.Probe(StockQemu);

        Assert.StartsWith("QEMU emulator version 7.2", qemu.Version);
        Assert.Equal((false, true, true), (qemu.HasSimpleBackend, qemu.HasLogBackend, qemu.AcceptsPlugins));
    }

    [FactWhenQemuBoots(Why, [StockQemu, Kernel, Initramfs])]
    public void Recording_a_tiny_real_boot_in_syscalls_mode_names_every_syscall()
    {
        using var temp = new TempFiles();
        var request = new RecordRequest
        {
            // init is busybox running `poweroff -f` (arguments after -- go to init): a boot with a handful of syscalls.
            QemuCommand = [StockQemu, "-m", "256M", "-smp", "1", "-kernel", Kernel, "-initrd", Initramfs,
                "-append", "console=ttyS0 nokaslr panic=-1 cryptomgr.notests rdinit=/bin/busybox -- poweroff -f", "-no-reboot", "-nographic"],
            Mode = RecordMode.Syscalls,
            Vmlinux = Vmlinux,
            Output = temp.PathOf("tiny.log"),
        };

        var result = QemuRecorder.Run(QemuRecorder.Plan(request, QemuProbe.Probe(StockQemu)));

        Assert.True(result.ReachedPowerOff, string.Join(" | ", result.ConsoleTail));
        Assert.True(result.CpuStates > 0);
        Assert.Equal(result.EntryRecords, result.CpuStates);
        Assert.Equal(0UL, result.DroppedEvents);
        Assert.False(File.Exists(temp.PathOf("tiny.log.partial")));
        using var reader = TraceFile.Open(temp.PathOf("tiny.log"));
        var analysis = BootAnalyzer.Run(reader, new SymbolizerPcSource(new Symbolizer([ElfSymbolReader.Load(Vmlinux)])));
        Assert.All(analysis.Syscalls, s => Assert.Equal(SyscallNaming.Register, s.NamedBy));
        Assert.Equal("reboot", analysis.Syscalls[^1].Syscall);
    }
}
