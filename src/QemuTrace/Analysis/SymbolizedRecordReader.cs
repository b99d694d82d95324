using QemuTrace.Formats;

namespace QemuTrace.Analysis;

/// <summary>
/// The symbolized-record stream: a trace reader's records with times since the first record and each block PC named
/// the way the analyses name it (<see cref="BootPcNamer"/>: boot phase, symbols once per distinct PC), with corrupt
/// timestamps repaired as the analyses repair them (<see cref="TimestampSpikeFilter"/>). The one loop that record
/// tables, the Chrome export and the Parquet export read.
/// </summary>
public sealed class SymbolizedRecordReader
{
    private readonly ITraceReader _reader;
    private readonly TimestampSpikeFilter _records;
    private readonly BootPcNamer _namer;
    private TraceRecord _record;
    private bool _started;
    private ulong _t0;

    /// <summary>Reads <paramref name="reader"/>; without <paramref name="symbols"/> kernel PCs are named by region.</summary>
    public SymbolizedRecordReader(ITraceReader reader, IPcSymbolizer? symbols)
    {
        _reader = reader;
        _records = new TimestampSpikeFilter(reader);
        _namer = new BootPcNamer(symbols);
    }

    /// <summary>The underlying reader (events, statistics).</summary>
    public ITraceReader Reader => _reader;

    /// <summary>Reads the next record; false at the end of the trace.</summary>
    public bool Read(out SymbolizedRecord record)
    {
        if (!_records.Read(ref _record))
        {
            record = default;
            return false;
        }

        if (!_started)
        {
            _started = true;
            _t0 = _record.TimestampNs;
        }

        long time = unchecked((long)(_record.TimestampNs - _t0));
        var info = _reader.Events[_record.EventIndex];
        bool hasPc = info.PcArgument >= 0 && info.PcArgument < _record.ArgumentCount;
        if (!hasPc)
        {
            record = new SymbolizedRecord(time, _record.EventIndex, _record.Pid, false, 0, null, default);
            return true;
        }

        ulong pc = _record.Arguments[info.PcArgument];
        var (function, region) = _namer.Next(pc);
        record = new SymbolizedRecord(time, _record.EventIndex, _record.Pid, true, pc, function, region);
        return true;
    }
}
