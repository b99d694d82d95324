using Microsoft.Data.Analysis;
using QemuTrace.Analysis;
using QemuTrace.Analysis.Passes;
using QemuTrace.Formats;
using QemuTrace.Symbols;

namespace QemuTrace.Session;

/// <summary>
/// A trace and its symbols, as a notebook or a script works with them: open, load symbols, analyze (one streaming
/// pass), and take records as a DataFrame by time window or between milestones without holding the whole trace.
/// <example><code>
/// var session = TraceSession.Open("data/boot/trace-simple-v4.bin.gz", "data/boot/trace-events-all");
/// session.LoadSymbols(new SymbolSources { Vmlinux = "data/boot/vmlinux-symbols.gz" });
/// var analysis = session.Analyze();
/// var early = session.RecordsBetween("start_kernel", "first mount", maxRows: 100_000);
/// </code></example>
/// </summary>
public sealed partial class TraceSession
{
    private readonly TraceEventsFile? _events;
    private TraceReadStatistics? _statistics;
    private TraceEventTable? _eventTable;
    private KaslrEstimate? _kaslr;
    private string? _kaslrOffset;
    private (BootAnalysis Analysis, string Directory)? _parquet;

    private TraceSession(string path, string? eventsPath, TraceEventsFile? events, TraceFormat format, int? logVersion)
    {
        TracePath = path;
        EventsPath = eventsPath;
        _events = events;
        Format = format;
        LogVersion = logVersion;
    }

    /// <summary>The trace file.</summary>
    public string TracePath { get; }

    /// <summary>The trace-events file, if one was given.</summary>
    public string? EventsPath { get; }

    /// <summary>The input format.</summary>
    public TraceFormat Format { get; }

    /// <summary>Simple backend log version.</summary>
    public int? LogVersion { get; }

    /// <summary>The loaded symbols, or null.</summary>
    public Symbolizer? Symbols { get; private set; }

    /// <summary>The last analysis, or null.</summary>
    public BootAnalysis? Analysis { get; private set; }

    /// <summary>
    /// Keep every function's bins with each analysis (<see cref="BootAnalysisOptions.KeepFunctionBins"/>): later
    /// requests for more functions at the same bin width are then answered without a pass. The notebook sets it.
    /// </summary>
    public bool KeepFunctionBins { get; set; }

    /// <summary>Opens a trace: checks it exists, sniffs its format and validates its header.</summary>
    /// <exception cref="TraceFormatException">Missing file, not a trace, bad header.</exception>
    public static TraceSession Open(string tracePath, string? eventsPath = null, TraceFormat? format = null)
    {
        var events = eventsPath is null ? null : TraceEventsFile.Load(eventsPath);
        using var reader = TraceFile.Open(tracePath, events, format);
        return new TraceSession(tracePath, eventsPath, events, reader.Format, reader.LogVersion);
    }

    /// <summary>Loads symbols; <c>auto</c> KASLR offsets are found from this trace.</summary>
    public Symbolizer LoadSymbols(SymbolSources sources)
    {
        Symbols = SymbolLoader.Load(sources with { Trace = sources.Trace ?? TracePath }, out _kaslr);
        _symbolSources = sources;
        _kaslrOffset = _kaslr is not null ? $"0x{_kaslr.Offset:x} (auto: {_kaslr})" : sources.KaslrOffset;
        return Symbols;
    }

    /// <summary>
    /// Runs every analysis in one pass over the trace; <paramref name="extraPasses"/>, a user's own analyses
    /// (<see cref="ITracePass"/>), run in the same pass after the built-in ones and keep their results.
    /// </summary>
    public BootAnalysis Analyze(BootAnalysisOptions? options = null, IProgress<TraceProgress>? progress = null, CancellationToken cancel = default,
        IReadOnlyList<ITracePass>? extraPasses = null)
    {
        var symbols = Symbols ?? throw new InvalidOperationException("load symbols first (LoadSymbols): without them every kernel PC would be [kernel]");
        using var reader = OpenReader();
        long fileBytes = FileBytes();
        Analysis = BootAnalyzer.Run(reader, new SymbolizerPcSource(symbols), options, extraPasses ?? [],
            progress is null ? null : (records, bytes) => progress.Report(new TraceProgress(records, bytes, fileBytes)), cancel);
        _statistics = reader.Statistics;
        _eventTable = reader.Events;
        return Analysis;
    }

    /// <summary>
    /// Runs <paramref name="query"/> (DuckDB SQL) over this boot's tables, <c>records</c>, <c>profile</c>,
    /// <c>syscalls</c>... (see <see cref="Query.TraceSql"/>): on first use the analysis is exported once as Parquet to a
    /// temporary folder, which later queries reuse until the analysis changes.
    /// </summary>
    public Export.ResultTable Sql(string query, CancellationToken cancel = default) => Query.TraceSql.Query(ParquetDirectory(cancel), query);

    /// <summary>The folder of this boot's Parquet tables for the current analysis (written once).</summary>
    public string ParquetDirectory(CancellationToken cancel = default)
    {
        var analysis = Analysis ?? throw new InvalidOperationException("analyze first (Analyze): the tables come from the analysis");
        if (_parquet is { } done && ReferenceEquals(done.Analysis, analysis))
        {
            return done.Directory;
        }

        var directory = Path.Combine(Path.GetTempPath(), $"qtrace-sql-{Environment.ProcessId}-{Guid.NewGuid():N}");
        using var reader = OpenReader();
        var records = new SymbolizedRecordReader(reader, Symbols is null ? null : new SymbolizerPcSource(Symbols));
        var provenance = Export.Provenance.Of([TracePath, EventsPath, .. Symbols?.Files.Select(f => f.Path) ?? []], "TraceSession.Sql");
        Export.ParquetExport.WriteAsync(directory, analysis, records, provenance, cancel: cancel).GetAwaiter().GetResult();
        if (_parquet is { } old)
        {
            Directory.Delete(old.Directory, recursive: true);
        }

        _parquet = (analysis, directory);
        return directory;
    }

    /// <summary>A summary of the trace (record counts once a pass has run).</summary>
    public TraceSummary Summary
    {
        get
        {
            var events = new Dictionary<string, long>(StringComparer.Ordinal);
            if (_statistics is not null && _eventTable is not null)
            {
                for (int i = 0; i < _eventTable.Count && i < _statistics.RecordsPerEvent.Length; i++)
                {
                    if (_statistics.RecordsPerEvent[i] > 0)
                    {
                        events[_eventTable[i].Name] = _statistics.RecordsPerEvent[i];
                    }
                }
            }

            return new TraceSummary(TracePath, Format, LogVersion, _statistics?.Records, Analysis?.DurationNs, events,
                _statistics?.DroppedEvents ?? 0, _statistics?.OutOfOrder ?? 0,
                Symbols?.Files.Select(f => f.Path).ToList() ?? [], Symbols?.SymbolCount ?? 0, _kaslrOffset);
        }
    }

    /// <summary>
    /// Records with <c>time_ns</c> (since the first record) in [<paramref name="fromNs"/>, <paramref name="toNs"/>] as
    /// a DataFrame: time_ns, event, pid, pc, function, region. At most <paramref name="maxRows"/> rows are taken, so a
    /// notebook never holds a 100 M-record trace unless it asks.
    /// </summary>
    public DataFrame Records(long? fromNs = null, long? toNs = null, int maxRows = 1_000_000)
    {
        var time = new Int64DataFrameColumn("time_ns");
        var eventName = new StringDataFrameColumn("event");
        var pid = new UInt32DataFrameColumn("pid");
        var pcColumn = new UInt64DataFrameColumn("pc");
        var function = new StringDataFrameColumn("function");
        var region = new StringDataFrameColumn("region");
        using var reader = OpenReader();
        var records = new SymbolizedRecordReader(reader, Symbols is null ? null : new SymbolizerPcSource(Symbols));
        int rows = 0;
        while (rows < maxRows && records.Read(out var r))
        {
            if (toNs is long to && r.TimeNs > to)
            {
                break;
            }

            if (fromNs is long from && r.TimeNs < from)
            {
                continue;
            }

            time.Append(r.TimeNs);
            eventName.Append(reader.Events[r.EventIndex].Name);
            pid.Append(r.Pid);
            pcColumn.Append(r.Pc);
            region.Append(r.HasPc ? BootRegions.Name(r.Region) : null);
            function.Append(r.Function);
            rows++;
        }

        return new DataFrame(time, eventName, pid, pcColumn, function, region);
    }

    /// <summary>Records between two milestones of the last analysis (names as in <see cref="BootAnalysis.Milestones"/>).</summary>
    public DataFrame RecordsBetween(string fromMilestone, string toMilestone, int maxRows = 1_000_000)
    {
        var analysis = Analysis ?? throw new InvalidOperationException("analyze first (Analyze): milestones come from the analysis");
        long At(string name) => analysis.Milestones.FirstOrDefault(m => m.Name == name)?.TimeNs
            ?? throw new ArgumentException($"no milestone `{name}` in this trace; it has: {string.Join(", ", analysis.Milestones.Select(m => m.Name))}");
        return Records(At(fromMilestone), At(toMilestone), maxRows);
    }

    private ITraceReader OpenReader() => TraceFile.Open(TracePath, _events, Format);

    private long FileBytes() => File.Exists(TracePath) ? new FileInfo(TracePath).Length : 0;
}
