namespace QemuTrace.Formats;

/// <summary>Counters a reader keeps while it reads.</summary>
public sealed class TraceReadStatistics
{
    /// <summary>Records returned (dropped-event records included).</summary>
    public long Records { get; internal set; }

    /// <summary>Dropped-event records met.</summary>
    public long DroppedRecords { get; internal set; }

    /// <summary>Sum of the counts carried by dropped-event records: events QEMU lost.</summary>
    public ulong DroppedEvents { get; internal set; }

    /// <summary>Records whose timestamp is earlier than the previous record's.</summary>
    public long OutOfOrder { get; internal set; }

    /// <summary>
    /// Records whose timestamp stood far from both neighbours (a corrupt field) and was repaired to its predecessor's;
    /// counted by <see cref="TimestampSpikeFilter"/> when the analyses read through it.
    /// </summary>
    public long CorruptTimestamps { get; internal set; }

    /// <summary>Text lines skipped because they are not trace records (log inputs).</summary>
    public long SkippedLines { get; internal set; }

    /// <summary>Input consumed: bytes of the (decompressed) input.</summary>
    public long BytesRead { get; internal set; }

    /// <summary>Where an incomplete final record starts, when the input ends inside one.</summary>
    public long? TruncatedAt { get; internal set; }

    /// <summary>What else the reader noticed that a user should know, one sentence each (without the file name).</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    private readonly List<string> _warnings = [];

    internal void Warn(string message) => _warnings.Add(message);

    /// <summary>Records per event index.</summary>
    public long[] RecordsPerEvent { get; internal set; } = new long[16];

    /// <summary>Adds a Dropped_Event record's count; the sum saturates instead of wrapping on a corrupt count.</summary>
    internal void AddDropped(ulong count)
    {
        DroppedRecords++;
        DroppedEvents = ulong.MaxValue - DroppedEvents < count ? ulong.MaxValue : DroppedEvents + count;
    }

    internal void Count(int eventIndex)
    {
        if (eventIndex >= RecordsPerEvent.Length)
        {
            var grown = RecordsPerEvent;
            Array.Resize(ref grown, Math.Max(eventIndex + 1, grown.Length * 2));
            RecordsPerEvent = grown;
        }

        RecordsPerEvent[eventIndex]++;
        Records++;
    }
}
