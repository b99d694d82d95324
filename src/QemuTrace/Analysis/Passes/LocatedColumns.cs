using QemuTrace.Formats.Columns;
using QemuTrace.Symbols;

namespace QemuTrace.Analysis.Passes;

/// <summary>
/// A run of records with each block record's slot and identity beside it (<see cref="BlockLocator.LocateRun"/>), so
/// that locating can run on the reading thread while the passes consume earlier runs.
/// </summary>
internal sealed class LocatedColumns : RecordColumns
{
    private const byte IsNew = 1;
    private const byte KernelStarted = 2;
    private const byte StartsKernel = 4;

    public LocatedColumns(int capacity)
        : base(capacity)
    {
        Slots = new int[capacity];
        Functions = new int[capacity];
        Regions = new AddressRegion[capacity];
        Flags = new byte[capacity];
    }

    /// <summary>Each block record's slot.</summary>
    public int[] Slots { get; }

    /// <summary>Each block record's function (symbol id, or -1 - region).</summary>
    public int[] Functions { get; }

    /// <summary>Each block record's region.</summary>
    public AddressRegion[] Regions { get; }

    /// <summary>Each block record's new-slot and kernel-start flags.</summary>
    public byte[] Flags { get; }

    /// <summary>The located block at <paramref name="i"/>.</summary>
    public BlockSlot At(int i)
    {
        byte flags = Flags[i];
        return new BlockSlot(Slots[i], Functions[i], Regions[i], (flags & IsNew) != 0, (flags & KernelStarted) != 0, (flags & StartsKernel) != 0);
    }

    /// <summary>The flags byte of <paramref name="at"/>.</summary>
    public static byte FlagsOf(in BlockSlot at) =>
        (byte)((at.IsNew ? IsNew : 0) | (at.KernelStarted ? KernelStarted : 0) | (at.StartsKernel ? StartsKernel : 0));

    /// <summary>Whether flags say the slot is new.</summary>
    public static bool IsNewSlot(byte flags) => (flags & IsNew) != 0;

    /// <summary>Whether flags say the kernel had started.</summary>
    public static bool HasKernelStarted(byte flags) => (flags & KernelStarted) != 0;

    /// <summary>Whether flags say this block started the kernel.</summary>
    public static bool IsKernelStart(byte flags) => (flags & StartsKernel) != 0;
}
