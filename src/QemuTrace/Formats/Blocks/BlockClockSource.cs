namespace QemuTrace.Formats.Blocks;

/// <summary>The host clock a block capture's timestamps were taken with (file header field).</summary>
public enum BlockClockSource
{
    /// <summary><c>CLOCK_MONOTONIC</c> in ns.</summary>
    Monotonic = 1,

    /// <summary>The host TSC; converted to monotonic ns with the clock pairs in the header and every chunk.</summary>
    Tsc = 2,
}
