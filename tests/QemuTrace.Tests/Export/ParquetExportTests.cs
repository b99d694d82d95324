using QemuTrace.Export;
using QemuTrace.Formats;
using QemuTrace.Query;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Export;

/// <summary>The real boot written as Parquet and read back with DuckDB: the same counts and sums as the analysis.</summary>
public sealed class ParquetExportTests(RealBootParquet boot) : IClassFixture<RealBootParquet>, IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string Export() => boot.Directory;

    private static object? Scalar(string directory, string sql) => TraceSql.Query(directory, sql).Rows.Single().Single();

    [Fact]
    public void Every_record_and_table_reads_back_through_duckdb_with_the_analysis_counts_and_sums()
    {
        var directory = Export();
        var a = boot.Analysis;

        Assert.Equal(["first_calls", "milestones", "profile", "records", "regions", "stages", "syscall_summary", "syscalls", "time_bins"], TraceSql.Views(directory));
        Assert.Equal(a.Records, Scalar(directory, "SELECT count(*) FROM records"));
        Assert.Equal(a.BlockRecords, Scalar(directory, "SELECT count(*) FROM records WHERE event = 'exec_tb'"));
        Assert.Equal(a.AttributedNs, Scalar(directory, "SELECT sum(total_ns) FROM profile"));
        Assert.Equal((long)a.Profile.Count, Scalar(directory, "SELECT count(*) FROM profile"));
        Assert.Equal(a.Profile.Sum(p => p.Blocks), Scalar(directory, "SELECT sum(blocks) FROM profile"));
        Assert.Equal((long)a.Syscalls.Count, Scalar(directory, "SELECT count(*) FROM syscalls"));
        Assert.Equal(a.Syscalls.Sum(s => s.DurationNs ?? 0), Scalar(directory, "SELECT sum(duration_ns) FROM syscalls"));
        Assert.Equal(1L, Scalar(directory, "SELECT count(*) FROM syscalls WHERE duration_ns IS NULL"));
        Assert.Equal(a.Milestones.Single(m => m.Name == "start_kernel").TimeNs, Scalar(directory, "SELECT time_ns FROM milestones WHERE milestone = 'start_kernel'"));
        // The first call of each function is the earliest record naming it.
        Assert.Equal(a.FirstCalls.Single(f => f.Function == "start_kernel").TimeNs, Scalar(directory, "SELECT min(time_ns) FROM records WHERE function = 'start_kernel'"));
    }

    [Fact]
    public void Columns_keep_their_types_and_files_carry_the_provenance()
    {
        var directory = Export();
        var types = TraceSql.Query(directory, "SELECT column_name, column_type FROM (DESCRIBE records)").Rows.ToDictionary(r => (string)r[0]!, r => (string)r[1]!);

        Assert.Equal("BIGINT", types["time_ns"]);
        Assert.Equal("UBIGINT", types["pc"]);
        Assert.Equal("VARCHAR", types["function"]);
        var tool = Scalar(directory, $"SELECT decode(value) FROM parquet_kv_metadata('{Path.Combine(directory, "profile.parquet")}') WHERE decode(key) = 'qtrace.tool'");
        Assert.StartsWith("qtrace ", (string)tool!);
        var input = (string)Scalar(directory, $"SELECT decode(value) FROM parquet_kv_metadata('{Path.Combine(directory, "records.parquet")}') WHERE decode(key) = 'qtrace.input.0'")!;
        Assert.Equal(Provenance.Sha256(RepositoryData.PathOf("boot", "trace-simple-v4.bin.gz")), input.Split(' ')[0]);
    }

    [Fact]
    public void A_bad_query_names_the_tables_there_are()
    {
        var directory = _files.PathOf("empty");
        Directory.CreateDirectory(directory);
        Assert.Contains("holds no .parquet tables", Assert.Throws<InputException>(() => TraceSql.Query(directory, "SELECT 1")).Message);

        var exported = Export();
        var error = Assert.Throws<InputException>(() => TraceSql.Query(exported, "SELECT * FROM profiles"));
        Assert.Contains("tables: first_calls, milestones, profile", error.Message);
    }
}
