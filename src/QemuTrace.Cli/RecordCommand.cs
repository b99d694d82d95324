using System.CommandLine;
using QemuTrace.Recording;

namespace QemuTrace.Cli;

/// <summary>
/// <c>qtrace record [--mode exec-tb|syscalls] [--vmlinux F] [-o OUT] -- qemu-system-x86_64 ARGS...</c>: runs the user's
/// QEMU command with the tracing options the mode needs, shows progress, and reports what was recorded.
/// </summary>
internal static class RecordCommand
{
    public static Command Create()
    {
        var mode = new Option<string>("--mode")
        {
            Description = "exec-tb: the exec_tb events (simple backend if the QEMU has it, else the log backend). syscalls: exec_tb plus a register dump at every syscall entry (number, arguments, call site, CR3); needs --vmlinux and nokaslr. blocks: every executed block with the qtrace-blocks TCG plugin (built on first use), for the exact profile.",
            DefaultValueFactory = _ => "exec-tb",
        };
        mode.AcceptOnlyFromAmong("exec-tb", "syscalls", "blocks");
        var start = new Option<string>("--start") { Description = "blocks mode: where recording starts, reset or a guest address such as 0x1000000 (kernel entry without KASLR).", DefaultValueFactory = _ => "reset" };
        var vmlinux = new Option<string?>("--vmlinux") { Description = "The guest kernel's vmlinux (symbols are enough): where entry_SYSCALL_64 is (syscalls mode)." };
        var output = new Option<string?>("--output", "-o") { Description = "The trace to write (default qtrace-MODE.log, or qtrace-exec-tb.bin with the simple backend). The guest console goes next to it as NAME.console.txt." };
        var kaslrRanges = new Option<bool>("--kaslr-ranges") { Description = "Without nokaslr: filter all 512 2 MiB slides of entry_SYSCALL_64 instead of refusing (the boot runs several times slower)." };
        var force = new Option<bool>("--force") { Description = "Replace an existing output file (never an input of the QEMU command)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Probe QEMU and print the command that would run, without running it." };
        var qemu = new Argument<string[]>("qemu-command")
        {
            Description = "After --: the QEMU command line as you would run it, e.g. -- qemu-system-x86_64 -m 256M -kernel vmlinuz -initrd initrd.gz -append 'console=ttyS0 nokaslr' -nographic -no-reboot",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("record", "Record a trace by running your QEMU command with the tracing options added; Ctrl-C stops QEMU cleanly and keeps a valid trace.")
        {
            mode, vmlinux, output, kaslrRanges, start, force, dryRun, qemu,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var request = new RecordRequest
            {
                QemuCommand = parse.GetValue(qemu) ?? [],
                Mode = parse.GetValue(mode) switch { "syscalls" => RecordMode.Syscalls, "blocks" => RecordMode.Blocks, _ => RecordMode.ExecTb },
                BlockStart = parse.GetValue(start) ?? "reset",
                Vmlinux = parse.GetValue(vmlinux),
                Output = parse.GetValue(output),
                KaslrRanges = parse.GetValue(kaslrRanges),
                Force = parse.GetValue(force),
            };
            if (request.QemuCommand.Count == 0)
            {
                throw new QemuTrace.Formats.TraceFormatException("qtrace record", null, "no QEMU command: give it after --, e.g. qtrace record -- qemu-system-x86_64 -kernel vmlinuz ...");
            }

            var plan = QemuRecorder.Plan(request, QemuProbe.Probe(request.QemuCommand[0]));
            foreach (var choice in plan.Choices)
            {
                Console.Error.WriteLine($"qtrace record: {choice}");
            }

            // The KASLR filter list is 512 ranges long: show its start and its length, not all of it.
            Console.Error.WriteLine($"qtrace record: adds {string.Join(' ', plan.Added.Select(a => a.Length > 160 ? $"{a[..60]}...({a.Split(',').Length} ranges)" : Quote(a)))}");
            if (parse.GetValue(dryRun))
            {
                Console.WriteLine(string.Join(' ', plan.Command.Select(Quote)));
                return 0;
            }

            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                // QEMU got the same SIGINT from the terminal and is shutting down; wait for it to flush its trace.
                e.Cancel = true;
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            bool live = !Console.IsErrorRedirected;
            RecordResult result;
            try
            {
                result = QemuRecorder.Run(plan, new InlineProgress(p =>
                {
                    if (live)
                    {
                        Console.Error.Write($"\rqtrace record: {p.Elapsed.TotalSeconds,6:F1} s, trace {p.OutputBytes / 1e6,8:F1} MB{(cancel.IsCancellationRequested ? ", stopping QEMU" : "")}   ");
                    }
                }), cancel.Token);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
                if (live)
                {
                    Console.Error.WriteLine();
                }
            }

            Report(result);
            return result.Interrupted || result.ReachedPowerOff ? 0 : result.ExitCode;
        }));
        return command;
    }

    private static void Report(RecordResult r)
    {
        var plan = r.Plan;
        var err = Console.Error;
        string how = r.Interrupted ? "stopped by Ctrl-C" : r.ReachedPowerOff ? "the guest powered off" : "the guest did not reach power-off";
        err.WriteLine($"qtrace record: QEMU exited with code {r.ExitCode} after {r.WallTime.TotalSeconds:F1} s ({how}).");
        err.WriteLine($"  trace    {plan.Output}  {r.OutputBytes / 1e6:F1} MB ({plan.Format switch { QemuTrace.Formats.TraceFormat.Simple => "simple backend", QemuTrace.Formats.TraceFormat.Blocks => "qtrace-blocks plugin, every block", _ => "log backend" }})");
        err.WriteLine($"  console  {plan.ConsoleOutput}  {r.ConsoleBytes / 1e3:F1} kB");
        err.WriteLine(plan.Format == QemuTrace.Formats.TraceFormat.Blocks
            ? $"  records  {r.Records:N0} blocks"
            : $"  records  {r.Records:N0} ({r.ExecTbRecords:N0} exec_tb)");
        if (plan.Mode == RecordMode.Syscalls)
        {
            err.WriteLine(plan.KaslrRanges
                ? $"  syscalls {r.CpuStates:N0} register dumps (KASLR ranges: entries at the slid address)"
                : $"  syscalls {r.EntryRecords:N0} exec_tb records at the syscall entries, {r.CpuStates:N0} register dumps");
        }

        err.WriteLine($"  dropped  {r.DroppedEvents:N0} events");
        if (r.DroppedEvents > 0)
        {
            err.WriteLine($"qtrace: warning: {plan.Output}: QEMU dropped {r.DroppedEvents:N0} events (its trace buffer overflowed); intervals across them are longer than what was recorded");
        }

        if (plan.Mode == RecordMode.Syscalls && !plan.KaslrRanges && r.CpuStates != r.EntryRecords)
        {
            err.WriteLine($"qtrace: warning: {plan.Output}: {r.EntryRecords:N0} entry records but {r.CpuStates:N0} register dumps; qtrace syscalls reports which syscalls lack one");
        }

        if (!r.ReachedPowerOff && !r.Interrupted)
        {
            err.WriteLine($"qtrace: warning: {plan.ConsoleOutput}: no `reboot: Power down` in the console; its last lines: {string.Join(" | ", r.ConsoleTail)}");
        }

        err.WriteLine($"next: qtrace {(plan.Mode == RecordMode.Syscalls ? "syscalls" : "profile")} {Quote(plan.Output)} --vmlinux VMLINUX{(plan.KaslrRanges ? " --kaslr-offset auto" : "")}");
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_./=+,:@".Contains(c)) ? arg : "'" + arg.Replace("'", "'\\''") + "'";

    private sealed class InlineProgress(Action<RecordProgress> report) : IProgress<RecordProgress>
    {
        public void Report(RecordProgress value) => report(value);
    }
}
