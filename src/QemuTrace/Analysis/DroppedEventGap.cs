namespace QemuTrace.Analysis;

/// <summary>
/// Where QEMU's simple backend lost events: the time gap between the last record its full trace buffer still held
/// and the first record written after the writer thread caught up (see <see cref="DroppedEventLocator"/>).
/// </summary>
/// <param name="StartNs">Time of the last record before the loss, since the trace's first record.</param>
/// <param name="EndNs">Time of the first record after the loss (equal to <paramref name="StartNs"/> when the trace ended first).</param>
/// <param name="Count">Events QEMU reports lost (the <c>Dropped_Event</c> record's argument).</param>
/// <param name="DropRecordPosition">Byte offset of the <c>Dropped_Event</c> record in the file.</param>
/// <param name="RecordsAfterDropRecord">Records between the <c>Dropped_Event</c> record and the loss: the buffered records written after it.</param>
public sealed record DroppedEventGap(long StartNs, long EndNs, ulong Count, long DropRecordPosition, long RecordsAfterDropRecord)
{
    /// <summary>EndNs - StartNs.</summary>
    public long DurationNs => EndNs - StartNs;
}
