using QemuTrace.Formats;

namespace QemuTrace.Export;

/// <summary>Writes decoded records as text, one line each.</summary>
public interface ITraceRecordWriter
{
    /// <summary>Writes the header line, if the format has one.</summary>
    void WriteHeader();

    /// <summary>Writes one record.</summary>
    void Write(in TraceRecord record);

    /// <summary>Flushes buffered text to the output stream.</summary>
    void Flush();
}
