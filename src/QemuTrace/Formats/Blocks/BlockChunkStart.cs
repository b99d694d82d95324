namespace QemuTrace.Formats.Blocks;

/// <summary>
/// What a reader must know to start at a chunk in the middle of a capture: the chunk's expected sequence number, the
/// clock pair and rate its records are converted with (the previous chunk's, or the header's), and the vCPUs seen
/// before it (for the one warning about several).
/// </summary>
internal readonly record struct BlockChunkStart(
    ulong Sequence, ulong AnchorNs, ulong AnchorTicks, double NsPerTick, uint FirstVcpu, bool SeveralVcpus)
{
    /// <summary>The state at the first chunk, from the file header.</summary>
    public static BlockChunkStart Of(BlockTraceHeader header) =>
        new(0, header.StartMonotonicNs, header.StartTicks, header.TicksPerSecond > 0 ? 1e9 / header.TicksPerSecond : 1.0, uint.MaxValue, false);

    /// <summary>The state at the chunk after one with this vCPU and clock pair.</summary>
    public BlockChunkStart After(BlockTraceHeader header, uint vcpu, ulong ns, ulong ticks)
    {
        uint first = FirstVcpu;
        bool several = SeveralVcpus;
        BlockTraceReader.NoteVcpu(ref first, ref several, vcpu);
        ulong anchorNs = AnchorNs;
        ulong anchorTicks = AnchorTicks;
        double nsPerTick = NsPerTick;
        BlockTraceReader.AdvanceClock(header.Clock == BlockClockSource.Monotonic, ref anchorNs, ref anchorTicks, ref nsPerTick, ns, ticks);
        return new BlockChunkStart(Sequence + 1, anchorNs, anchorTicks, nsPerTick, first, several);
    }
}
