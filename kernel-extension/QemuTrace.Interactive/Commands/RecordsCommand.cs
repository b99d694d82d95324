using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using QemuTrace.Interactive.Formatting;

namespace QemuTrace.Interactive.Commands;

/// <summary><c>#!trace records [--from T] [--to T] [--between A B] [--max-rows N] [--name records]</c>: symbolized records as a DataFrame.</summary>
public sealed class RecordsCommand : TableDirectiveCommand
{
    /// <summary>Window start (ns or with a unit).</summary>
    public string? From { get; set; }

    /// <summary>Window end.</summary>
    public string? To { get; set; }

    /// <summary>Milestone opening the window.</summary>
    public string? After { get; set; }

    /// <summary>Milestone closing the window.</summary>
    public string? Before { get; set; }

    /// <summary>Rows at most.</summary>
    public int MaxRows { get; set; } = 100_000;

    internal static KernelActionDirective Directive() => new("records", "Symbolized records (time_ns, event, pid, pc, function, region) of a time window or between two milestones, as a DataFrame: binds `records`. Never more than --max-rows.")
    {
        Parameters =
        {
            new KernelDirectiveParameter("--from", "Window start: ns, or 250us, 12.5ms, 3.2s."),
            new KernelDirectiveParameter("--to", "Window end."),
            new KernelDirectiveParameter("--after", "Window starts at this milestone (e.g. \"start_kernel\"); needs --before."),
            new KernelDirectiveParameter("--before", "Window ends at this milestone (e.g. \"first mount\")."),
            new KernelDirectiveParameter("--max-rows", "Rows at most (default 100000).") { TypeHint = "number" },
            new KernelDirectiveParameter("--top", "Rows shown (default 25)."),
            new KernelDirectiveParameter("--name", "C# variable (default records)."),
        },
    };

    internal static Task HandleAsync(RecordsCommand command, KernelInvocationContext context) => TraceCommandRunner.RunAsync(command, context, async () =>
    {
        var name = VariableBinder.Validate(command.Name, "records");
        var session = TraceNotebook.For(context.HandlingKernel).RequireSession();
        long? from = TimeArgument.Parse(command.From, "--from");
        long? to = TimeArgument.Parse(command.To, "--to");
        if ((command.After is null) != (command.Before is null))
        {
            throw new TraceCommandException("--after and --before go together: #!trace records --after \"start_kernel\" --before \"first mount\"");
        }

        if (command.After is not null)
        {
            await TraceAnalysisRunner.EnsureAsync(context);
        }

        var frame = await Task.Run(
            () => command.After is not null ? session.RecordsBetween(command.After, command.Before!, command.MaxRows) : session.Records(from, to, command.MaxRows),
            context.CancellationToken);
        await FrameResult.ShowAndBindAsync(context, name, frame, command.TopRows);
    });
}
