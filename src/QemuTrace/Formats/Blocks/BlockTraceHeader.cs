namespace QemuTrace.Formats.Blocks;

/// <summary>The file header of a qtrace-blocks capture (docs/block-format.md).</summary>
/// <param name="FormatVersion">Format version (1).</param>
/// <param name="Clock">The timestamps' clock.</param>
/// <param name="StartMonotonicNs">CLOCK_MONOTONIC when the plugin was installed, ns.</param>
/// <param name="StartTicks">The clock's ticks at that moment.</param>
/// <param name="TicksPerSecond">The clock's rate as measured at install.</param>
/// <param name="Start">Reset or a start address.</param>
/// <param name="StartPc">The start address, when <paramref name="Start"/> is <see cref="BlockStartCondition.Pc"/>.</param>
/// <param name="PluginApiVersion">The plugin API version the plugin was built against.</param>
/// <param name="QemuApiVersion">The newest plugin API version of the QEMU that ran it.</param>
/// <param name="VcpuSlots">vCPU slots (QEMU's max_vcpus); chunk vCPU indexes are below it.</param>
public sealed record BlockTraceHeader(
    int FormatVersion,
    BlockClockSource Clock,
    ulong StartMonotonicNs,
    ulong StartTicks,
    ulong TicksPerSecond,
    BlockStartCondition Start,
    ulong StartPc,
    int PluginApiVersion,
    int QemuApiVersion,
    int VcpuSlots);
