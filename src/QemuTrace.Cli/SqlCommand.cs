using System.CommandLine;
using QemuTrace.Export;
using QemuTrace.Query;

namespace QemuTrace.Cli;

/// <summary><c>qtrace sql DIR "SELECT ..."</c>: SQL over a boot exported with <c>export --to parquet</c> (embedded DuckDB).</summary>
internal static class SqlCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "A folder written by `qtrace export TRACE --to parquet -o DIR`." };
        var sql = new Argument<string>("QUERY") { Description = "SQL (DuckDB dialect) over the folder's tables: records, profile, regions, first_calls, milestones, stages, syscalls, syscall_summary, time_bins." };
        var format = new Option<string>("--format")
        {
            Description = "table (aligned, human units), tsv, csv or json.",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "tsv", "csv", "json");
        var command = new Command("sql", "Query an exported boot with SQL, as Perfetto's trace processor users do, e.g. qtrace sql out \"SELECT function, total_ns FROM profile ORDER BY 2 DESC LIMIT 5\".")
        {
            directory, sql, format,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var table = TraceSql.Query(parse.GetValue(directory)!, parse.GetValue(sql)!);
            var chosen = parse.GetValue(format)!;
            var folder = parse.GetValue(directory)!;
            var exported = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.parquet").Order(StringComparer.Ordinal).ToArray() : [];
            ResultTableWriter.Write(table, chosen, Console.Out, CommandProvenance.BeginForJson(chosen, exported).GetAwaiter().GetResult());
            return 0;
        }));
        return command;
    }
}
