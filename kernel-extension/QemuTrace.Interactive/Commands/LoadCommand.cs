using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using QemuTrace.Formats;
using QemuTrace.Session;

namespace QemuTrace.Interactive.Commands;

/// <summary><c>#!trace load TRACE [--events F] [--input-format F] [--from T --to T] [--name trace]</c>: opens a trace.</summary>
public sealed class LoadCommand : TraceDirectiveCommand
{
    /// <summary>The trace file.</summary>
    public string? Trace { get; set; }

    /// <summary>The QEMU build's trace-events-all.</summary>
    public string? Events { get; set; }

    /// <summary>An input format name (<see cref="TraceFormatNames"/>), to skip sniffing.</summary>
    public string? InputFormat { get; set; }

    /// <summary>Start of a records window (ns or with a unit).</summary>
    public string? From { get; set; }

    /// <summary>End of a records window.</summary>
    public string? To { get; set; }

    /// <summary>Rows at most in the records window.</summary>
    public int MaxRows { get; set; } = 1_000_000;

    internal static KernelActionDirective Directive() => new("load", "Open a QEMU trace (simple binary v0/2/3/4, log text, simpletrace.py output; .gz ok). Binds the session (default `trace`); with --from/--to also binds `records`, a DataFrame of that window.")
    {
        Parameters =
        {
            new KernelDirectiveParameter("--trace", "The trace file (relative to the notebook's folder or absolute).") { AllowImplicitName = true, Required = true },
            new KernelDirectiveParameter("--events", "The QEMU build's trace-events-all (argument names and types)."),
            new KernelDirectiveParameter("--input-format", $"Skip sniffing: {string.Join(", ", TraceFormatNames.Names)}.").AddCompletions(() => TraceFormatNames.Names),
            new KernelDirectiveParameter("--from", "Records window start: ns, or 250us, 12.5ms, 3.2s."),
            new KernelDirectiveParameter("--to", "Records window end."),
            new KernelDirectiveParameter("--max-rows", "Rows at most in the records window (default 1000000).") { TypeHint = "number" },
            new KernelDirectiveParameter("--name", "C# variable for the session (default trace)."),
        },
    };

    internal static Task HandleAsync(LoadCommand command, KernelInvocationContext context) => TraceCommandRunner.RunAsync(command, context, async () =>
    {
        var name = VariableBinder.Validate(command.Name, "trace");
        long? from = TimeArgument.Parse(command.From, "--from");
        long? to = TimeArgument.Parse(command.To, "--to");
        var format = TraceFormatNames.Parse(command.InputFormat);
        var session = await Task.Run(() => TraceSession.Open(command.Trace!, command.Events, format));
        var notebook = TraceNotebook.For(context.HandlingKernel);
        notebook.Session = session;
        notebook.SessionVariable = name;
        context.Display(session.Summary, "text/html");
        await VariableBinder.BindAsync(context, name, session);
        if (from is not null || to is not null)
        {
            var records = await Task.Run(() => session.Records(from, to, command.MaxRows), context.CancellationToken);
            context.Display(records, "text/html");
            await VariableBinder.BindAsync(context, "records", records);
        }
    });
}
