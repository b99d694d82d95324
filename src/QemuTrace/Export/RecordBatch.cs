using System.Runtime.CompilerServices;
using QemuTrace.Formats;

namespace QemuTrace.Export;

/// <summary>
/// A run of whole records, with copies of their string arguments, that a formatter turns into text on another thread
/// while the reader moves on. Owns the text it formats and the writer that formats it; reused run after run.
/// </summary>
internal sealed class RecordBatch : IRecordTextSource
{
    private readonly TraceRecord[] _records;
    private readonly StringArena _strings = new();
    private readonly MemoryStream _text = new();
    private readonly ITraceRecordWriter _writer;
    private bool _continues;
    private ulong _firstNs;
    private ulong _previousNs;

    public RecordBatch(TraceEventTable events, int capacity, Func<Stream, IRecordTextSource, ITraceRecordWriter> createWriter)
    {
        Events = events;
        _records = new TraceRecord[capacity];
        _writer = createWriter(_text, this);
    }

    /// <inheritdoc/>
    public TraceEventTable Events { get; }

    /// <summary>Records held.</summary>
    public int Count { get; private set; }

    /// <summary>The timestamp of the first and of the last record held.</summary>
    public ulong FirstNs => _records[0].TimestampNs;

    /// <inheritdoc cref="FirstNs"/>
    public ulong LastNs => _records[Count - 1].TimestampNs;

    /// <inheritdoc/>
    public ReadOnlySpan<byte> GetString(in TraceRecord record, int argument) => _strings.Get(record.Arguments[argument]);

    /// <summary>
    /// Reads the next records of <paramref name="reader"/> until full; false when the input ended (the records read
    /// so far stay, also when the reader throws).
    /// </summary>
    public bool Fill(ITraceReader reader)
    {
        Count = 0;
        _strings.Clear();
        while (Count < _records.Length)
        {
            ref var record = ref _records[Count];
            if (!reader.Read(ref record))
            {
                return false;
            }

            // String arguments point into the reader's buffer, which moves on: keep copies with the batch.
            var isString = Events[record.EventIndex].ArgumentIsString;
            for (int i = 0; i < record.ArgumentCount && i < isString.Length; i++)
            {
                if (isString[i])
                {
                    record.Arguments[i] = _strings.Store(reader.GetString(record, i));
                }
            }

            Count++;
        }

        return true;
    }

    /// <summary>Says which records came before this run: none, or a trace that started at <paramref name="firstNs"/> and whose record before this run was at <paramref name="previousNs"/>.</summary>
    public void Follow(bool continues, ulong firstNs, ulong previousNs)
    {
        _continues = continues;
        _firstNs = firstNs;
        _previousNs = previousNs;
    }

    /// <summary>Formats the records into this batch's text (any thread).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Format()
    {
        _text.SetLength(0);
        if (_continues)
        {
            _writer.ContinueAfter(_firstNs, _previousNs);
        }

        for (int i = 0; i < Count; i++)
        {
            _writer.Write(_records[i]);
        }

        _writer.Flush();
    }

    /// <summary>Writes the formatted text to <paramref name="output"/>.</summary>
    public void WriteTo(Stream output) => output.Write(_text.GetBuffer(), 0, (int)_text.Length);
}
