using Parquet;
using Parquet.Schema;
using QemuTrace.Analysis;

namespace QemuTrace.Export;

/// <summary>
/// Writes the symbolized-record stream as Parquet, in row groups of <see cref="RowGroupRows"/> records: <c>time_ns</c>
/// (INT64), <c>event</c>, <c>pid</c> (INT64), <c>pc</c> (UINT64, null without a PC), <c>function</c> and <c>region</c>
/// (strings, dictionary-encoded: a boot has tens of thousands of functions over millions of records). Memory is one
/// row group, whatever the trace's length.
/// </summary>
public static class ParquetRecordsWriter
{
    /// <summary>Records per row group.</summary>
    public const int RowGroupRows = 1 << 20;

    /// <summary>Writes every record of <paramref name="records"/> with time in [<paramref name="fromNs"/>, <paramref name="toNs"/>]; returns the count.</summary>
    public static async Task<long> WriteAsync(SymbolizedRecordReader records, Stream output, IReadOnlyDictionary<string, string> metadata,
        long? fromNs = null, long? toNs = null, Action<long>? progress = null, CancellationToken cancel = default)
    {
        var time = new DataField<long>("time_ns");
        var eventName = new DataField<string>("event");
        var pid = new DataField<long>("pid");
        var pc = new DataField<ulong?>("pc");
        var function = new DataField<string>("function", true);
        var region = new DataField<string>("region", true);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(time, eventName, pid, pc, function, region), output, cancellationToken: cancel);
        writer.CustomMetadata = metadata.ToDictionary(kv => kv.Key, kv => kv.Value);
        var times = new long[RowGroupRows];
        var events = new string[RowGroupRows];
        var pids = new long[RowGroupRows];
        var pcs = new ulong?[RowGroupRows];
        var functions = new string?[RowGroupRows];
        var regions = new string?[RowGroupRows];
        var names = records.Reader.Events;
        long written = 0;
        int n = 0;
        async Task Flush()
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<long>(time, times.AsMemory(0, n), cancellationToken: cancel);
            await group.WriteAsync(eventName, new ArraySegment<string>(events, 0, n));
            await group.WriteAsync<long>(pid, pids.AsMemory(0, n), cancellationToken: cancel);
            await group.WriteAsync<ulong>(pc, pcs.AsMemory(0, n), cancellationToken: cancel);
            await group.WriteAsync(function, new ArraySegment<string>(functions!, 0, n));
            await group.WriteAsync(region, new ArraySegment<string>(regions!, 0, n));
            written += n;
            n = 0;
            progress?.Invoke(written);
            cancel.ThrowIfCancellationRequested();
        }

        while (records.Read(out var r))
        {
            if (toNs is long to && r.TimeNs > to)
            {
                break;
            }

            if (fromNs is long from && r.TimeNs < from)
            {
                continue;
            }

            times[n] = r.TimeNs;
            events[n] = names[r.EventIndex].Name;
            pids[n] = r.Pid;
            pcs[n] = r.HasPc ? r.Pc : null;
            functions[n] = r.Function;
            regions[n] = r.HasPc ? BootRegions.Name(r.Region) : null;
            if (++n == RowGroupRows)
            {
                await Flush();
            }
        }

        if (n > 0 || written == 0)
        {
            await Flush();
        }

        return written;
    }
}
