using QemuTrace.Analysis;

namespace QemuTrace.Export;

/// <summary>
/// A boot as a folder of Parquet files, one per table: <c>records</c> (every symbolized record) and every result
/// table (<c>profile</c>, <c>regions</c>, <c>first_calls</c>, <c>milestones</c>, <c>stages</c>, <c>syscalls</c>,
/// <c>syscall_summary</c>, <c>time_bins</c>), each carrying the provenance as key-value metadata. DuckDB, Spark and
/// pandas read the folder as it is; <see cref="Query.TraceSql"/> queries it by table name.
/// </summary>
public static class ParquetExport
{
    /// <summary>The result tables of an analysis, by the name their file and SQL view take.</summary>
    public static IReadOnlyList<(string Name, ResultTable Table)> Tables(BootAnalysis analysis) =>
    [
        ("profile", BootAnalysisTables.Profile(analysis)),
        ("regions", BootAnalysisTables.Regions(analysis)),
        ("first_calls", BootAnalysisTables.FirstCalls(analysis)),
        ("milestones", BootAnalysisTables.Milestones(analysis)),
        ("stages", BootAnalysisTables.Stages(analysis)),
        ("syscalls", BootAnalysisTables.Syscalls(analysis)),
        ("syscall_summary", BootAnalysisTables.SyscallSummary(analysis)),
        ("time_bins", BootAnalysisTables.TimeBins(analysis)),
    ];

    /// <summary>
    /// Writes the folder: each file under a temporary name in <paramref name="directory"/>, renamed into place when
    /// complete, so a failure leaves any earlier file whole. Returns the files written.
    /// </summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(string directory, BootAnalysis analysis, SymbolizedRecordReader? records,
        Provenance provenance, Action<long>? progress = null, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(directory);
        var inputs = provenance.Inputs.Select(i => i.File).ToHashSet(StringComparer.Ordinal);
        var metadata = provenance.ToMetadata();
        var written = new List<string>();
        if (records is not null)
        {
            written.Add(await WriteFileAsync(directory, "records", inputs, s => ParquetRecordsWriter.WriteAsync(records, s, metadata, progress: progress, cancel: cancel)));
        }

        foreach (var (name, table) in Tables(analysis))
        {
            written.Add(await WriteFileAsync(directory, name, inputs, s => ParquetTableWriter.WriteAsync(table, s, metadata, cancel)));
        }

        return written;
    }

    private static async Task<string> WriteFileAsync(string directory, string name, HashSet<string> inputs, Func<Stream, Task> write)
    {
        var path = Path.GetFullPath(Path.Combine(directory, name + ".parquet"));
        if (inputs.Contains(path))
        {
            throw new QemuTrace.Formats.TraceFormatException(path, null, "is an input of this export: write the Parquet folder somewhere else (-o DIR)");
        }

        var temporary = Path.Combine(directory, $".{name}.parquet.{Environment.ProcessId}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await write(stream);
            }

            File.Move(temporary, path, overwrite: true);
            return path;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
