using QemuTrace.Analysis;
using QemuTrace.Export;
using QemuTrace.Formats;
using QemuTrace.Formats.Text;
using QemuTrace.Symbols;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.EndToEnd;

/// <summary>The syscall capture in data/syscalls, recorded by <c>qtrace record --mode syscalls</c> on Debian's QEMU 7.2.</summary>
public class SyscallCaptureTests
{
    private const ulong EntrySyscall64 = 0xffffffff81c00080;
    private static readonly string Capture = RepositoryData.PathOf("syscalls", "syscalls.log.gz");
    private static readonly Symbolizer Symbols = new([RepositoryData.Vmlinux]);
    private static readonly Lazy<BootAnalysis> WithRegisters = new(() =>
    {
        // Its own symbolizer: CallSiteCaptureTests, in another class, may be the one that runs this.
        using var reader = TraceFile.Open(Capture);
        return BootAnalyzer.Run(reader, new SymbolizerPcSource(new Symbolizer([RepositoryData.Vmlinux])));
    });

    /// <summary>The capture analysed with the kernel's symbols only and the default options, once per test run.</summary>
    internal static BootAnalysis WithKernelSymbols => WithRegisters.Value;

    /// <summary>The same file analysed as a plain exec_tb trace: its register dumps hidden from the analyzer.</summary>
    private static readonly Lazy<BootAnalysis> Plain = new(() =>
    {
        using var reader = new PlainTraceReader(TraceFile.Open(Capture));
        return BootAnalyzer.Run(reader, new SymbolizerPcSource(Symbols));
    });

    [Fact]
    public void Address_spaces_without_an_execve_or_exit_have_empty_times_not_minus_one()
    {
        var table = QemuTrace.Export.BootAnalysisTables.AddressSpaceTable(WithRegisters.Value);
        var text = new StringWriter();
        QemuTrace.Export.ResultTableWriter.Write(table, "json", text);

        Assert.Contains(table.Rows, r => r[5] is null);
        Assert.Contains("\"execve_ns\": null", text.ToString());
        Assert.DoesNotContain(": -1", text.ToString());
    }

    [Fact]
    public void Every_entry_SYSCALL_64_exec_tb_line_has_its_register_dump_and_every_dump_follows_one()
    {
        var entryLines = new HashSet<long>();
        var dumpedLines = new HashSet<long>();
        using (var reader = (LogTraceReader)TraceFile.Open(Capture))
        {
            reader.CollectCpuStates = true;
            var record = default(TraceRecord);
            int pc = -1;
            while (reader.Read(ref record))
            {
                Drain(reader, dumpedLines);
                pc = reader.Events[record.EventIndex].PcArgument;
                if (reader.Events[record.EventIndex].Kind == TraceEventKind.ExecTb && record.Arguments[pc] == EntrySyscall64)
                {
                    entryLines.Add(record.Position);
                }
            }

            Drain(reader, dumpedLines);
        }

        Assert.True(entryLines.Count > 500, $"only {entryLines.Count} syscall entries");
        Assert.Equal(entryLines.Order(), dumpedLines.Order());
    }

    private static void Drain(LogTraceReader reader, HashSet<long> dumpedLines)
    {
        while (reader.TryTakeCpuState(out var state))
        {
            Assert.Equal(EntrySyscall64, state.Rip);
            Assert.True(dumpedLines.Add(state.RecordLine), $"two dumps after line {state.RecordLine}");
        }
    }

    [Fact]
    public void Every_syscall_is_named_from_its_register_dump()
    {
        var a = WithRegisters.Value;

        Assert.NotEmpty(a.Syscalls);
        Assert.All(a.Syscalls, s => Assert.Equal(SyscallNaming.Register, s.NamedBy));
        Assert.DoesNotContain(a.Syscalls, s => s.Syscall == "?");
        Assert.Equal(0, a.CpuStatesOutsideEntries);
        Assert.Contains(a.Syscalls, s => s.Syscall == "execve");
        Assert.Contains(a.Syscalls, s => s.Syscall == "mkdir" || s.Syscall == "mkdirat");
        Assert.Contains(a.Syscalls, s => s.Syscall == "reboot");
    }

    [Fact]
    public void The_times_equal_those_of_the_plain_exec_tb_analysis_of_the_same_file()
    {
        var plain = Plain.Value;
        var registers = WithRegisters.Value;

        Assert.Equal(plain.Syscalls.Select(s => (s.TimeNs, s.DurationNs, s.UserPc)), registers.Syscalls.Select(s => (s.TimeNs, s.DurationNs, s.UserPc)));
        Assert.Equal(plain.AttributedNs, registers.AttributedNs);
        Assert.Equal(plain.Milestones, registers.Milestones);
        Assert.Equal(0, plain.CpuStates);
    }

    [Fact]
    public void Where_the_plain_trace_saw_a_handler_the_register_number_names_the_same_syscall()
    {
        var pairs = Plain.Value.Syscalls.Zip(WithRegisters.Value.Syscalls).Where(p => p.First.NamedBy == SyscallNaming.Handler).ToList();

        Assert.NotEmpty(pairs);
        Assert.All(pairs, p => Assert.Equal(p.First.Syscall, SyscallTable.AbiEntryPoint((int)p.Second.Registers!.Number)));
    }

    [Fact]
    public void A_re_entered_entry_block_is_one_syscall_and_its_second_dump_repeats_the_first()
    {
        var a = WithRegisters.Value;

        Assert.Equal(a.CpuStates, a.Syscalls.Count + a.SyscallReentries);
        Assert.All(a.Syscalls, s => Assert.NotNull(s.Registers));
    }

    [Fact]
    public void The_syscalls_table_of_the_capture_shows_number_arguments_call_site_and_cr3()
    {
        var table = BootAnalysisTables.Syscalls(WithRegisters.Value);
        var text = new StringWriter();
        ResultTableWriter.Write(table, "tsv", text);
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("time_ns\tsyscall\tduration_ns\tnamed_by\tuser_pc\tnumber\targ0\targ1\targ2\targ3\targ4\targ5\tcall_site\tcr3", lines[0]);
        var execve = lines.Skip(1).Select(l => l.Split('\t')).First(f => f[1] == "execve");
        Assert.Equal(("register", "59"), (execve[3], execve[5]));
        Assert.StartsWith("0x", execve[12]);
    }

    [FactWhenFileExists("/work/capture-scratch/kernel/dbg/usr/lib/debug/boot/vmlinux-6.1.0-50-amd64",
        "the full debug vmlinux (linux-image-6.1.0-50-amd64-dbg) is needed to read sys_call_table; run data/capture/01-packages.sh")]
    public void Naming_from_the_kernel_sys_call_table_gives_the_same_names_as_the_abi_table()
    {
        var kernel = SyscallTable.FromVmlinux("/work/capture-scratch/kernel/dbg/usr/lib/debug/boot/vmlinux-6.1.0-50-amd64");
        BootAnalysis fromKernel;
        using (var reader = TraceFile.Open(Capture))
        {
            fromKernel = BootAnalyzer.Run(reader, new SymbolizerPcSource(Symbols), new BootAnalysisOptions { SyscallTable = kernel });
        }

        Assert.Equal(WithRegisters.Value.Syscalls.Select(s => s.Syscall), fromKernel.Syscalls.Select(s => s.Syscall));
        Assert.StartsWith("sys_call_table of vmlinux-6.1.0-50-amd64", fromKernel.SyscallNameSource);
    }
}
