using System.Diagnostics;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using QemuTrace.Recording;
using QemuTrace.Session;

namespace QemuTrace.Interactive.Commands;

/// <summary>
/// <c>#!trace record --qemu "qemu-system-x86_64 ..." [--mode exec-tb|syscalls] [--vmlinux F] [--output OUT]</c>: records a
/// trace with the same core call as <c>qtrace record</c>, shows progress, then loads the result as <c>#!trace load</c> does.
/// </summary>
public sealed class RecordCommand : TraceDirectiveCommand
{
    /// <summary>The QEMU command line, as one string (quoted as in a shell).</summary>
    public string? Qemu { get; set; }

    /// <summary>exec-tb or syscalls.</summary>
    public string? Mode { get; set; }

    /// <summary>The guest kernel's vmlinux (syscalls mode).</summary>
    public string? Vmlinux { get; set; }

    /// <summary>The trace to write.</summary>
    public string? Output { get; set; }

    /// <summary>Replace an existing output.</summary>
    public bool Force { get; set; }

    internal static KernelActionDirective Directive() => new("record", "Record a trace by running a QEMU command with the tracing options added (as `qtrace record`), then load it. Binds the session (default `trace`) and `recording` (files, sizes, counts).")
    {
        Parameters =
        {
            new KernelDirectiveParameter("--qemu", "The QEMU command line in quotes, e.g. \"qemu-system-x86_64 -m 256M -kernel vmlinuz -append 'console=ttyS0 nokaslr' -nographic -no-reboot\".") { Required = true },
            new KernelDirectiveParameter("--mode", "exec-tb (default) or syscalls (register dumps at every syscall entry; needs --vmlinux and nokaslr).").AddCompletions(() => ["exec-tb", "syscalls"]),
            new KernelDirectiveParameter("--vmlinux", "The guest kernel's vmlinux (symbols are enough): where entry_SYSCALL_64 is."),
            new KernelDirectiveParameter("--output", "The trace to write (default qtrace-MODE.log or .bin in the notebook's folder)."),
            new KernelDirectiveParameter("--force", "Replace an existing output file.") { Flag = true },
            new KernelDirectiveParameter("--name", "C# variable for the session (default trace)."),
        },
    };

    internal static Task HandleAsync(RecordCommand command, KernelInvocationContext context) => TraceCommandRunner.RunAsync(command, context, async () =>
    {
        var name = VariableBinder.Validate(command.Name, "trace");
        var mode = command.Mode switch
        {
            null or "" or "exec-tb" => RecordMode.ExecTb,
            "syscalls" => RecordMode.Syscalls,
            _ => throw new TraceCommandException($"--mode `{command.Mode}`: expected exec-tb or syscalls"),
        };
        var request = new RecordRequest
        {
            QemuCommand = QemuCommandLine.Split(command.Qemu ?? ""),
            Mode = mode,
            Vmlinux = command.Vmlinux,
            Output = command.Output,
            Force = command.Force,
        };
        if (request.QemuCommand.Count == 0)
        {
            throw new TraceCommandException("--qemu is empty: give the QEMU command line in quotes");
        }

        var plan = await Task.Run(() => QemuRecorder.Plan(request, QemuProbe.Probe(request.QemuCommand[0])));
        KernelInvocationContextExtensions.Display(context, string.Join("\n", plan.Choices), "text/plain");
        var display = KernelInvocationContextExtensions.Display(context, "recording: starting QEMU", "text/plain");
        var clock = Stopwatch.StartNew();
        var progress = new InlineProgress(p => display.Update($"recording: {p.Elapsed.TotalSeconds:F1} s, trace {p.OutputBytes / 1e6:F1} MB"));
        var result = await Task.Run(() => QemuRecorder.Run(plan, progress, context.CancellationToken));
        display.Update(
            $"recorded in {result.WallTime.TotalSeconds:F1} s ({(result.Interrupted ? "stopped" : result.ReachedPowerOff ? "the guest powered off" : "the guest did not reach power-off")}): " +
            $"{plan.Output} {result.OutputBytes / 1e6:F1} MB, {result.Records:N0} records ({result.ExecTbRecords:N0} exec_tb)" +
            (mode == RecordMode.Syscalls ? $", {result.CpuStates:N0} register dumps at {result.EntryRecords:N0} syscall entries" : "") +
            $", {result.DroppedEvents:N0} dropped; console in {plan.ConsoleOutput}");
        var session = await Task.Run(() => TraceSession.Open(plan.Output));
        var notebook = TraceNotebook.For(context.HandlingKernel);
        notebook.Session = session;
        notebook.SessionVariable = name;
        context.Display(session.Summary, "text/html");
        await VariableBinder.BindAsync(context, name, session);
        await VariableBinder.BindAsync(context, "recording", result);
    });

    private sealed class InlineProgress(Action<RecordProgress> report) : IProgress<RecordProgress>
    {
        public void Report(RecordProgress value) => report(value);
    }
}
