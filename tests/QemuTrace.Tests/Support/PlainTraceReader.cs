using QemuTrace.Formats;

namespace QemuTrace.Tests.Support;

/// <summary>Hides a reader's register dumps, so an analysis sees exactly what a plain exec_tb trace gives.</summary>
public sealed class PlainTraceReader(ITraceReader inner) : ITraceReader
{
    public string Source => inner.Source;

    public TraceFormat Format => inner.Format;

    public int? LogVersion => inner.LogVersion;

    public bool HasTimestamps => inner.HasTimestamps;

    public TraceEventTable Events => inner.Events;

    public TraceReadStatistics Statistics => inner.Statistics;

    public bool Read(ref TraceRecord record) => inner.Read(ref record);

    public ReadOnlySpan<byte> GetString(in TraceRecord record, int argument) => inner.GetString(record, argument);

    public void Dispose() => inner.Dispose();
}
