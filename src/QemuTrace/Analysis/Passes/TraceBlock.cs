using QemuTrace.Symbols;

namespace QemuTrace.Analysis.Passes;

/// <summary>
/// One executed translation block as a pass sees it: when it ran, its PC, function and region, and the interval that
/// its arrival closes. Under the attribution model (<see cref="BootAnalysis.AttributionModel"/>) each block owns the
/// time until the next block, so block n carries block n-1's time in <see cref="PreviousDurationNs"/>; the trace's
/// last block owns no time.
/// </summary>
public readonly struct TraceBlock
{
    internal TraceBlock(long timeNs, ulong pc, long instructions, int slot, bool isNewSlot, int function, AddressRegion region,
        bool kernelStarted, bool startsKernel, int previousSlot, long previousTimeNs, long previousDurationNs, AddressRegion previousRegion)
    {
        TimeNs = timeNs;
        Pc = pc;
        Instructions = instructions;
        Slot = slot;
        IsNewSlot = isNewSlot;
        Function = function;
        Region = region;
        KernelStarted = kernelStarted;
        StartsKernel = startsKernel;
        PreviousSlot = previousSlot;
        PreviousTimeNs = previousTimeNs;
        PreviousDurationNs = previousDurationNs;
        PreviousRegion = previousRegion;
    }

    /// <summary>When the block was entered, ns since the trace's first record.</summary>
    public long TimeNs { get; }

    /// <summary>The block's guest PC.</summary>
    public ulong Pc { get; }

    /// <summary>Guest instructions in the block (every-block captures), or 0 when the trace does not say.</summary>
    public long Instructions { get; }

    /// <summary>
    /// A dense number for the block's PC (per boot phase: low PCs before and after the kernel starts differ), counting up
    /// from 0 as PCs first appear. Index per-PC state by it; <see cref="IsNewSlot"/> says when an array must grow.
    /// </summary>
    public int Slot { get; }

    /// <summary>True the first time <see cref="Slot"/> appears.</summary>
    public bool IsNewSlot { get; }

    /// <summary>
    /// The PC's function: a symbol id (&gt;= 0) of the loaded symbols, or <c>-1 - (int)region</c> for a region's
    /// pseudo-function such as <c>[early-boot]</c>. <see cref="TraceStreamInfo.NameOf"/> gives its name.
    /// </summary>
    public int Function { get; }

    /// <summary>The PC's region (firmware, early boot, kernel, modules, user...).</summary>
    public AddressRegion Region { get; }

    /// <summary>True once a kernel virtual address has run (this block included).</summary>
    public bool KernelStarted { get; }

    /// <summary>True for the first block at a kernel virtual address.</summary>
    public bool StartsKernel { get; }

    /// <summary>True when a block came before this one.</summary>
    public bool HasPrevious => PreviousSlot >= 0;

    /// <summary>The previous block's slot, or -1 for the trace's first block.</summary>
    public int PreviousSlot { get; }

    /// <summary>When the previous block was entered.</summary>
    public long PreviousTimeNs { get; }

    /// <summary>The time the previous block owns: from its entry to this one's (never negative; an out-of-order record counts 0).</summary>
    public long PreviousDurationNs { get; }

    /// <summary>The previous block's region.</summary>
    public AddressRegion PreviousRegion { get; }
}
