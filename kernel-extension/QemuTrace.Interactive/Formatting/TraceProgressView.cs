namespace QemuTrace.Interactive.Formatting;

/// <summary>The state of a pass over a trace, shown while it runs and updated in place.</summary>
/// <param name="TracePath">The trace being read.</param>
/// <param name="Records">Records read so far.</param>
/// <param name="BytesRead">Decompressed bytes read.</param>
/// <param name="FileBytes">File size on disk.</param>
/// <param name="Done">True once the pass finished.</param>
public sealed record TraceProgressView(string TracePath, long Records, long BytesRead, long FileBytes, bool Done)
{
    /// <summary>How long the pass took, once done.</summary>
    public TimeSpan Elapsed { get; init; }
}
