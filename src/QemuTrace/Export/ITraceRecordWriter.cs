using QemuTrace.Formats;

namespace QemuTrace.Export;

/// <summary>Writes decoded records as text, one line each.</summary>
public interface ITraceRecordWriter
{
    /// <summary>Writes the header line, if the format has one.</summary>
    void WriteHeader();

    /// <summary>Writes one record.</summary>
    void Write(in TraceRecord record);

    /// <summary>
    /// Continues a trace whose earlier records another writer wrote (decoding in parallel): the trace's first record
    /// was at <paramref name="firstNs"/> and the one before the next record at <paramref name="previousNs"/>.
    /// </summary>
    void ContinueAfter(ulong firstNs, ulong previousNs);

    /// <summary>Flushes buffered text to the output stream.</summary>
    void Flush();
}
