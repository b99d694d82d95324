using QemuTrace.Export;

namespace QemuTrace.Cli;

/// <summary>
/// The provenance a verb's JSON output carries: its input files hashed by <see cref="Provenance"/> (the one place that
/// hashes) and the command line as typed. TSV, CSV and aligned tables stay pure data, so nothing is hashed for them.
/// </summary>
internal static class CommandProvenance
{
    /// <summary>
    /// The provenance of this run when <paramref name="format"/> is <c>json</c>, else null: started now, on a pool
    /// thread, so that hashing the inputs overlaps the work that reads them; once per command, however many tables it
    /// writes.
    /// </summary>
    public static Task<Provenance?> BeginForJson(string format, params IEnumerable<string?> inputs) =>
        format == "json" ? Nullable(Begin(inputs)) : Task.FromResult<Provenance?>(null);

    /// <summary>The inputs' provenance with this command line, hashed on a pool thread from now.</summary>
    public static Task<Provenance> Begin(IEnumerable<string?> inputs) => Provenance.Begin(inputs, CommandLine());

    private static async Task<Provenance?> Nullable(Task<Provenance> hashing) => await hashing;

    private static readonly AsyncLocal<string[]?> RunArguments = new();

    /// <summary>The arguments of the command line being run (set by <c>Program.Run</c>, also when a test runs a verb in-process).</summary>
    public static string[] Arguments
    {
        get => RunArguments.Value ?? Environment.GetCommandLineArgs().Skip(1).ToArray();
        set => RunArguments.Value = value;
    }

    /// <summary>This run's command line: <c>qtrace</c> and its arguments, quoted where they hold spaces or quotes.</summary>
    public static string CommandLine() =>
        string.Join(' ', ["qtrace", .. Arguments.Select(Quote)]);

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\' or '$' or '`')
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
