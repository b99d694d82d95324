using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using QemuTrace.Frames;
using QemuTrace.Interactive.Formatting;

namespace QemuTrace.Interactive.Commands;

/// <summary><c>#!trace sql "SELECT ..." [--name sql] [--top N]</c>: DuckDB SQL over the boot's tables, as a DataFrame.</summary>
public sealed class SqlCommand : TableDirectiveCommand
{
    /// <summary>The query.</summary>
    public string? Query { get; set; }

    internal static KernelActionDirective Directive() => new("sql", "SQL (DuckDB) over the boot's tables: records, profile, regions, first_calls, milestones, stages, syscalls, syscall_summary, time_bins. Binds `sql` as a DataFrame.")
    {
        Parameters =
        {
            new KernelDirectiveParameter("--query", "The query, e.g. \"SELECT function, total_ns FROM profile ORDER BY 2 DESC LIMIT 5\".") { AllowImplicitName = true, Required = true },
            new KernelDirectiveParameter("--top", "Rows shown (default 25)."),
            new KernelDirectiveParameter("--name", "C# variable (default sql)."),
        },
    };

    internal static Task HandleAsync(SqlCommand command, KernelInvocationContext context) => TraceCommandRunner.RunAsync(command, context, async () =>
    {
        var name = VariableBinder.Validate(command.Name, "sql");
        if (string.IsNullOrWhiteSpace(command.Query))
        {
            throw new TraceCommandException("#!trace sql needs a query: #!trace sql \"SELECT function, total_ns FROM profile ORDER BY 2 DESC LIMIT 5\"");
        }

        await TraceAnalysisRunner.EnsureAsync(context);
        var session = TraceNotebook.For(context.HandlingKernel).RequireSession();
        var table = await Task.Run(() => session.Sql(command.Query, context.CancellationToken), context.CancellationToken);
        await FrameResult.ShowAndBindAsync(context, name, table.ToDataFrame(), command.TopRows);
    });
}
