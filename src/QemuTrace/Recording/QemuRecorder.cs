using System.Diagnostics;
using System.Runtime.InteropServices;
using QemuTrace.Formats;
using QemuTrace.Formats.Text;
using QemuTrace.Symbols;

namespace QemuTrace.Recording;

/// <summary>
/// Records a trace by running the user's own QEMU command with the options a mode needs added: the exec_tb events
/// (simple backend when the binary has it, else the log backend with <c>-msg timestamp=on</c>), and for syscalls a
/// <c>-d cpu</c> register dump filtered (<c>-dfilter</c>) on the kernel's syscall entries. The trace is written under a
/// temporary name and renamed when QEMU has exited; stopping (cancellation) sends QEMU SIGTERM, on which it shuts
/// down cleanly and flushes its trace.
/// <example><code>
/// var request = new RecordRequest { QemuCommand = ["qemu-system-x86_64", "-kernel", "vmlinuz", "-append", "console=ttyS0 nokaslr"],
///     Mode = RecordMode.Syscalls, Vmlinux = "vmlinux", Output = "boot.log" };
/// var plan = QemuRecorder.Plan(request, QemuProbe.Probe(request.QemuCommand[0]));
/// var result = QemuRecorder.Run(plan);
/// </code></example>
/// </summary>
public static class QemuRecorder
{
    /// <summary>x86-64 KASLR moves the kernel in 2 MiB steps (CONFIG_PHYSICAL_ALIGN) within 1 GiB: 512 slots.</summary>
    public const int KaslrSlots = 512;

    private const ulong KaslrAlign = 0x20_0000;

    private static readonly string[] TraceOptions = ["trace", "D", "d", "dfilter"];

    /// <summary>The entry symbols whose first block gets a register dump, in the order tried.</summary>
    public static IReadOnlyList<string> EntrySymbols { get; } = ["entry_SYSCALL_64", "entry_SYSCALL_compat", "entry_SYSENTER_compat", "entry_INT80_compat"];

    /// <summary>Checks the request against the QEMU's abilities and builds the command.</summary>
    /// <exception cref="InputException">The request cannot be recorded as asked; the message says what to change.</exception>
    public static RecordPlan Plan(RecordRequest request, QemuCapabilities qemu)
    {
        if (request.QemuCommand.Count == 0)
        {
            throw new InputException("qtrace record", "no QEMU command: give it after --, e.g. qtrace record -- qemu-system-x86_64 -kernel vmlinuz ...");
        }

        var user = request.QemuCommand.Skip(1).ToList();
        var choices = new List<string> { $"QEMU: {qemu.Describe()}." };
        foreach (var (option, _) in Options(user))
        {
            if (TraceOptions.Contains(option))
            {
                throw new InputException("the QEMU command", $"it already has -{option}: qtrace record adds the tracing options itself (-trace, -D, -d, -dfilter); remove -{option} and run again");
            }
        }

        var added = new List<string>();
        AddAccelerator(user, added, choices);
        var format = ChooseBackend(request.Mode, qemu, choices);
        string output = Path.GetFullPath(request.Output ?? format switch
        {
            TraceFormat.Simple => "qtrace-exec-tb.bin",
            TraceFormat.Blocks => "qtrace-blocks.qtb",
            _ => $"qtrace-{(request.Mode == RecordMode.Syscalls ? "syscalls" : "exec-tb")}.log",
        });
        CheckOutput(output, request, user);
        string partial = output + ".partial";
        string stem = Path.Combine(Path.GetDirectoryName(output)!, Path.GetFileNameWithoutExtension(output));
        string console = stem + ".console.txt";
        CheckOutput(console, request, user);

        if (format == TraceFormat.Blocks)
        {
            var start = BlockCapture.ParseStart(request.BlockStart);
            var plugin = request.Plugin ?? BlockCapture.BuildPlugin(request.QemuCommand[0]);
            added.AddRange(BlockCapture.QemuArguments(plugin, partial, start));
            choices.Add($"Blocks: the qtrace-blocks TCG plugin ({plugin}) records every executed block (time, PC, vCPU, instructions) from {(start == "reset" ? "reset" : "the first execution of " + start)}.");
        }
        else if (format == TraceFormat.Simple)
        {
            added.AddRange(["-trace", $"enable=exec_tb*,file={partial}"]);
        }
        else
        {
            added.AddRange(["-trace", "exec_tb*", "-D", partial]);
            if (!Options(user).Any(o => o.Option == "msg"))
            {
                added.AddRange(["-msg", "timestamp=on"]);
            }
        }

        var entries = new List<(string, ulong)>();
        bool kaslrRanges = false;
        if (request.Mode == RecordMode.Syscalls)
        {
            entries = FindEntries(request.Vmlinux);
            kaslrRanges = CheckKaslr(user, request, choices);
            var ranges = kaslrRanges
                ? Enumerable.Range(0, KaslrSlots).Select(k => $"0x{entries[0].Item2 + ((ulong)k * KaslrAlign):x}+1")
                : entries.Select(e => $"0x{e.Item2:x}+1");
            added.AddRange(["-d", "cpu", "-dfilter", string.Join(',', ranges)]);
            choices.Add(kaslrRanges
                ? $"Register dumps: -d cpu at {entries[0].Item1} (0x{entries[0].Item2:x}) plus every 2 MiB KASLR slide ({KaslrSlots} ranges); QEMU scans the list at every block entry, so the boot runs several times slower."
                : $"Register dumps: -d cpu -dfilter at {string.Join(", ", entries.Select(e => $"{e.Item1} (0x{e.Item2:x})"))} from {request.Vmlinux}: RAX is the syscall number, RDI RSI RDX R10 R8 R9 the arguments, RCX the call site, CR3 the address space.");
        }

        return new RecordPlan
        {
            Qemu = qemu,
            Mode = request.Mode,
            Command = [request.QemuCommand[0], .. user, .. added],
            Added = added,
            Output = output,
            PartialOutput = partial,
            ConsoleOutput = console,
            Format = format,
            Entries = entries,
            KaslrRanges = kaslrRanges,
            Choices = choices,
        };
    }

    /// <summary>Runs the plan: starts QEMU, reports progress about twice a second, and stops QEMU cleanly on cancellation.</summary>
    /// <exception cref="InputException">QEMU wrote no trace; the message quotes its last console lines.</exception>
    public static RecordResult Run(RecordPlan plan, IProgress<RecordProgress>? progress = null, CancellationToken cancel = default)
    {
        File.Delete(plan.PartialOutput);
        var start = new ProcessStartInfo(plan.Command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in plan.Command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        bool interrupted = false;
        int exitCode;
        using (var console = new StreamWriter(plan.ConsoleOutput + ".partial"))
        using (var process = Process.Start(start) ?? throw new InputException(plan.Command[0], "could not be started"))
        {
            var gate = new object();
            void Write(string? line)
            {
                if (line is not null)
                {
                    lock (gate)
                    {
                        console.WriteLine(line);
                    }
                }
            }

            process.OutputDataReceived += (_, e) => Write(e.Data);
            process.ErrorDataReceived += (_, e) => Write(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.StandardInput.Close();
            var stopAt = TimeSpan.MaxValue;
            while (!process.WaitForExit(500))
            {
                progress?.Report(new RecordProgress(clock.Elapsed, SizeOf(plan.PartialOutput)));
                if (cancel.IsCancellationRequested && !interrupted)
                {
                    interrupted = true;
                    stopAt = clock.Elapsed;
                    Signal(process.Id, SigTerm);
                }
                else if (interrupted && clock.Elapsed - stopAt > TimeSpan.FromSeconds(20))
                {
                    process.Kill();
                }
            }

            process.WaitForExit();
            exitCode = process.ExitCode;

            // A terminal's Ctrl-C reaches QEMU too, which may exit before the loop above sees the cancellation.
            interrupted |= cancel.IsCancellationRequested;
        }

        var wall = clock.Elapsed;
        File.Move(plan.ConsoleOutput + ".partial", plan.ConsoleOutput, overwrite: true);
        var tail = File.ReadLines(plan.ConsoleOutput).TakeLast(5).ToList();
        if (!File.Exists(plan.PartialOutput) || SizeOf(plan.PartialOutput) == 0)
        {
            throw new InputException(plan.Command[0], $"QEMU exited with code {exitCode} and wrote no trace to {plan.PartialOutput}; its last console lines ({plan.ConsoleOutput}): {string.Join(" | ", tail)}");
        }

        File.Move(plan.PartialOutput, plan.Output, overwrite: true);
        return Count(plan, wall, exitCode, interrupted, tail);
    }

    private static RecordResult Count(RecordPlan plan, TimeSpan wall, int exitCode, bool interrupted, List<string> tail)
    {
        using var reader = TraceFile.Open(plan.Output, null, plan.Format);
        var entryPcs = plan.KaslrRanges ? [] : plan.Entries.Select(e => e.Address).ToHashSet();
        var record = default(TraceRecord);
        long execTb = 0;
        long entries = 0;
        while (reader.Read(ref record))
        {
            var info = reader.Events[record.EventIndex];
            if (info.Kind == TraceEventKind.ExecTb)
            {
                execTb++;
                if (info.PcArgument >= 0 && info.PcArgument < record.ArgumentCount && entryPcs.Contains(record.Arguments[info.PcArgument]))
                {
                    entries++;
                }
            }
        }

        bool powerOff = File.ReadLines(plan.ConsoleOutput).Any(l => l.Contains("reboot: Power down", StringComparison.Ordinal));
        return new RecordResult
        {
            Plan = plan,
            WallTime = wall,
            ExitCode = exitCode,
            Interrupted = interrupted,
            OutputBytes = SizeOf(plan.Output),
            ConsoleBytes = SizeOf(plan.ConsoleOutput),
            Records = reader.Statistics.Records,
            ExecTbRecords = execTb,
            DroppedEvents = reader.Statistics.DroppedEvents,
            CpuStates = (reader as ICpuStateSource)?.CpuStateCount ?? 0,
            EntryRecords = entries,
            ReachedPowerOff = powerOff,
            ConsoleTail = tail,
        };
    }

    private static void AddAccelerator(List<string> user, List<string> added, List<string> choices)
    {
        foreach (var (option, value) in Options(user))
        {
            string? accel = option switch
            {
                "enable-kvm" => "kvm",
                "accel" => value?.Split(',')[0].Replace("accel=", "", StringComparison.Ordinal),
                "machine" or "M" => value?.Split(',').FirstOrDefault(p => p.StartsWith("accel=", StringComparison.Ordinal))?["accel=".Length..],
                _ => null,
            };
            if (accel is null)
            {
                continue;
            }

            if (accel != "tcg")
            {
                throw new InputException("the QEMU command", $"it asks for the {accel} accelerator, but exec_tb and -d cpu only fire under TCG (software emulation); use -accel tcg");
            }

            choices.Add("Accelerator: tcg, as the command asks.");
            return;
        }

        added.AddRange(["-accel", "tcg"]);
        choices.Add("Accelerator: added -accel tcg (exec_tb and -d cpu only fire under software emulation).");
    }

    private static TraceFormat ChooseBackend(RecordMode mode, QemuCapabilities qemu, List<string> choices)
    {
        if (mode == RecordMode.Blocks)
        {
            if (!qemu.AcceptsPlugins)
            {
                throw new InputException(qemu.Binary, "the blocks mode needs a QEMU that loads TCG plugins (-plugin), and this one does not list it; use a QEMU built with plugins (Debian's and Ubuntu's are)");
            }

            choices.Add("Trace: the qtrace-blocks TCG plugin's own compact format (docs/block-format.md); no trace backend is used.");
            return TraceFormat.Blocks;
        }

        if (mode == RecordMode.Syscalls)
        {
            if (!qemu.HasLogBackend)
            {
                throw new InputException(qemu.Binary, "the syscalls mode needs QEMU's log trace backend (the exec_tb lines and the register dumps must share one file), and this QEMU has none; use a QEMU built with the log backend (Debian's and Ubuntu's are)");
            }

            choices.Add("Trace: log backend (-trace exec_tb* -D, -msg timestamp=on): the register dumps go to the same file, right after their exec_tb line.");
            return TraceFormat.Log;
        }

        if (qemu.HasSimpleBackend)
        {
            choices.Add("Trace: simple backend (binary, with ns timestamps; smaller and faster to read than the log backend).");
            return TraceFormat.Simple;
        }

        if (qemu.HasLogBackend)
        {
            choices.Add("Trace: log backend with -msg timestamp=on (this QEMU has no simple backend, as Debian's and Ubuntu's builds; times are in µs).");
            return TraceFormat.Log;
        }

        throw new InputException(qemu.Binary, "this QEMU has neither the simple nor the log trace backend (built with --enable-trace-backends=nop?); use a build with simple or log");
    }

    private static List<(string, ulong)> FindEntries(string? vmlinux)
    {
        if (vmlinux is null)
        {
            throw new InputException("--vmlinux", "the syscalls mode needs the guest kernel's vmlinux (or its symbols) to find entry_SYSCALL_64; give it with --vmlinux");
        }

        var symbols = ElfSymbolReader.Load(vmlinux);
        var entries = new List<(string, ulong)>();
        foreach (var name in EntrySymbols)
        {
            int index = symbols.IndexOf(name);
            if (index >= 0)
            {
                entries.Add((name, symbols.GetSymbol(index).Address));
            }
        }

        if (entries.Count == 0 || entries[0].Item1 != "entry_SYSCALL_64")
        {
            throw new InputException(vmlinux, "no entry_SYSCALL_64 symbol: the syscalls mode supports x86-64 kernels 4.2 and later; is this the guest's vmlinux?");
        }

        return entries;
    }

    private static bool CheckKaslr(List<string> user, RecordRequest request, List<string> choices)
    {
        var append = Options(user).LastOrDefault(o => o.Option == "append").Value;
        bool nokaslr = append?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("nokaslr") == true;
        if (nokaslr)
        {
            choices.Add("KASLR: off (nokaslr in -append), so entry_SYSCALL_64 is at its link address.");
            return false;
        }

        if (!request.KaslrRanges)
        {
            throw new InputException("the QEMU command",
                $"{(append is null ? "no -append" : "-append has no nokaslr")}: with KASLR the kernel's syscall entry moves at boot, so -dfilter cannot name it; add nokaslr to -append (recommended), or pass --kaslr-ranges to filter all {KaslrSlots} possible slides (the boot runs several times slower)");
        }

        choices.Add($"KASLR: on; filtering all {KaslrSlots} 2 MiB slides of entry_SYSCALL_64 (--kaslr-ranges). Analyze with --kaslr-offset auto.");
        return true;
    }

    private static void CheckOutput(string path, RecordRequest request, List<string> user)
    {
        var inputs = user.SelectMany(a => a.Split(',')).Select(a => a.Contains('=') ? a[(a.IndexOf('=') + 1)..] : a)
            .Append(request.Vmlinux ?? "").Append(request.QemuCommand[0])
            .Where(a => a.Length > 0 && File.Exists(a)).Select(Path.GetFullPath);
        if (inputs.Contains(path))
        {
            throw new InputException(path, "is an input of the QEMU command; choose another output with -o");
        }

        if (File.Exists(path) && !request.Force)
        {
            throw new InputException(path, "already exists; choose another output with -o, or pass --force to replace it");
        }
    }

    /// <summary>The options of a QEMU command line with their values (<c>--opt</c> is the same as <c>-opt</c>).</summary>
    private static IEnumerable<(string Option, string? Value)> Options(List<string> args)
    {
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i].Length < 2 || args[i][0] != '-')
            {
                continue;
            }

            string option = args[i].TrimStart('-');
            // Options without a value: the common flags, and any option followed by another option.
            bool flag = option is "enable-kvm" or "nographic" or "no-reboot" or "no-shutdown" or "S" or "s" or "snapshot" or "nodefaults" or "no-user-config"
                || i + 1 >= args.Count || (args[i + 1].Length > 1 && args[i + 1][0] == '-' && option != "append");
            yield return (option, flag || i + 1 >= args.Count ? null : args[i + 1]);
            if (!flag)
            {
                i++;
            }
        }
    }

    private static long SizeOf(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    private const int SigTerm = 15;

    private static void Signal(int pid, int signal)
    {
        if (OperatingSystem.IsWindows() || NativeMethods.Kill(pid, signal) != 0)
        {
            Process.GetProcessById(pid).Kill();
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static extern int Kill(int pid, int signal);
    }
}
