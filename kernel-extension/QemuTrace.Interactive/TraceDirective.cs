using System.Text;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using QemuTrace.Interactive.Commands;

namespace QemuTrace.Interactive;

/// <summary>The <c>#!trace</c> root directive: its subcommands, their handlers, and the help text.</summary>
public static class TraceDirective
{
    /// <summary>Every subcommand, in the order the help lists them (the one list the summary line and the registrations share).</summary>
    public static IReadOnlyList<string> SubcommandNames { get; } =
        ["load", "symbols", "profile", "first-calls", "milestones", "syscalls", "time-bins", "records", "chart", "sql", "run", "info", "record"];

    /// <summary>The directive's name.</summary>
    public const string Name = "#!trace";

    /// <summary>Adds <c>#!trace</c> and its subcommands to <paramref name="kernel"/>.</summary>
    public static void Register(Kernel kernel)
    {
        var registrations = new List<Action>();
        var root = new KernelActionDirective(Name)
        {
            Description = $"Analyse a QEMU exec_tb boot trace: {string.Join(", ", SubcommandNames)}. `#!trace --help` lists them.",
            Parameters = { new KernelDirectiveParameter("--help", "Show the subcommands and their options.") { Flag = true } },
        };

        void Add<TCommand>(KernelActionDirective directive, Func<TCommand, KernelInvocationContext, Task> handler)
            where TCommand : KernelDirectiveCommand
        {
            if (!SubcommandNames.Contains(directive.Name))
            {
                throw new InvalidOperationException($"#!trace {directive.Name} is missing from {nameof(SubcommandNames)}, which the help's summary line lists");
            }

            directive.Parameters.Add(new KernelDirectiveParameter("--help", "Show this subcommand's options.") { Flag = true });
            root.Subcommands.Add(directive);
            registrations.Add(() => kernel.AddDirective<TCommand>(directive, (command, context) =>
                Checked(command, context, root, () => WantsHelp(command) ? ShowHelp(context, directive) : handler(command, context))));
        }

        Add<LoadCommand>(LoadCommand.Directive(), LoadCommand.HandleAsync);
        Add<SymbolsCommand>(SymbolsCommand.Directive(), SymbolsCommand.HandleAsync);
        Add<ProfileCommand>(ProfileCommand.Directive(), ProfileCommand.HandleAsync);
        Add<FirstCallsCommand>(FirstCallsCommand.Directive(), FirstCallsCommand.HandleAsync);
        Add<MilestonesCommand>(MilestonesCommand.Directive(), MilestonesCommand.HandleAsync);
        Add<SyscallsCommand>(SyscallsCommand.Directive(), SyscallsCommand.HandleAsync);
        Add<TimeBinsCommand>(TimeBinsCommand.Directive(), TimeBinsCommand.HandleAsync);
        Add<ChartCommand>(ChartCommand.Directive(), ChartCommand.HandleAsync);
        Add<RecordsCommand>(RecordsCommand.Directive(), RecordsCommand.HandleAsync);
        Add<SqlCommand>(SqlCommand.Directive(), SqlCommand.HandleAsync);
        Add<RunCommand>(RunCommand.Directive(), RunCommand.HandleAsync);
        Add<InfoCommand>(InfoCommand.Directive(), InfoCommand.HandleAsync);
        Add<RecordCommand>(RecordCommand.Directive(), RecordCommand.HandleAsync);

        kernel.AddDirective(root, (command, context) => Checked(command, context, root, () => ShowHelp(context, root)));
        foreach (var register in registrations)
        {
            register();
        }
    }

    /// <summary>The help text of a directive: description, options and, for the root, each subcommand.</summary>
    public static string HelpText(KernelActionDirective directive)
    {
        var text = new StringBuilder();
        var path = directive.Parent is { } parent ? $"{parent.Name} {directive.Name}" : directive.Name;
        text.Append(path).Append(": ").AppendLine(directive.Description);
        foreach (var parameter in directive.Parameters.Where(p => p.Name != "--help"))
        {
            text.Append("  ").Append(parameter.AllowImplicitName ? $"[{parameter.Name}] {parameter.Name.TrimStart('-').ToUpperInvariant()}" : parameter.Name)
                .Append(": ").AppendLine(parameter.Description);
        }

        foreach (var sub in directive.Subcommands)
        {
            text.AppendLine().Append(HelpText(sub));
        }

        return text.ToString();
    }

    /// <summary>
    /// The host parses directives leniently (an unknown subcommand reaches the root, unknown options are dropped, a bad
    /// number becomes a JSON error): check the line as written first, and fail the cell with a suggestion.
    /// </summary>
    private static Task Checked(KernelCommand command, KernelInvocationContext context, KernelActionDirective root, Func<Task> handle)
    {
        if (SubmittedCode(command) is { } code && DirectiveChecker.Problem(code, root) is { } problem)
        {
            context.Fail(command, message: $"{Name}: {problem}");
            return Task.CompletedTask;
        }

        return handle();
    }

    private static string? SubmittedCode(KernelCommand command)
    {
        for (var parent = command.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is SubmitCode submit)
            {
                return submit.Code;
            }
        }

        return null;
    }

    private static bool WantsHelp(KernelDirectiveCommand command) =>
        command.GetType().GetProperty("Help")?.GetValue(command) is true;

    private static Task ShowHelp(KernelInvocationContext context, KernelActionDirective directive)
    {
        context.DisplayAs(HelpText(directive), "text/plain");
        return Task.CompletedTask;
    }
}
