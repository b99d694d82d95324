namespace QemuTrace.Session;

/// <summary>How far a pass over a trace has got.</summary>
/// <param name="Records">Records read so far.</param>
/// <param name="BytesRead">Input bytes consumed (decompressed).</param>
/// <param name="FileBytes">Size of the file on disk (compressed, for .gz).</param>
public readonly record struct TraceProgress(long Records, long BytesRead, long FileBytes);
