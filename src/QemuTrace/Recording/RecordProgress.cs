namespace QemuTrace.Recording;

/// <summary>How far a recording has got.</summary>
/// <param name="Elapsed">Since QEMU started.</param>
/// <param name="OutputBytes">Size of the trace written so far.</param>
public readonly record struct RecordProgress(TimeSpan Elapsed, long OutputBytes);
