namespace QemuTrace.Formats.Blocks;

/// <summary>
/// The trailer the plugin writes at QEMU's exit: what it wrote and what its inline counters (independent of the
/// recording callback) counted, so a reader can check that it saw every block.
/// </summary>
/// <param name="Chunks">Chunks written.</param>
/// <param name="Records">Block records written.</param>
/// <param name="InlineBlocks">Block executions counted by inline ops in the generated code.</param>
/// <param name="InlineInstructions">Guest instructions of those blocks, counted the same way.</param>
/// <param name="EndMonotonicNs">CLOCK_MONOTONIC at exit, ns.</param>
/// <param name="EndTicks">The clock's ticks at exit.</param>
public sealed record BlockTraceTrailer(
    ulong Chunks, ulong Records, ulong InlineBlocks, ulong InlineInstructions, ulong EndMonotonicNs, ulong EndTicks);
