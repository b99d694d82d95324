using QemuTrace.Symbols;

namespace QemuTrace.Analysis;

/// <summary>One part of the boot before kernel entry (<see cref="EarlyBootProfile"/>).</summary>
/// <param name="Part">The part.</param>
/// <param name="FirstNs">Its first block, ns since the trace's first record.</param>
/// <param name="LastNs">Its last block before kernel entry.</param>
/// <param name="TotalNs">Time its blocks own (each block until the next).</param>
/// <param name="Blocks">Its block records.</param>
/// <param name="Instructions">Their guest instructions, for block captures; null for exec_tb traces.</param>
/// <param name="Visits">How many times execution came into it from another part.</param>
/// <param name="FirstPc">Its first PC.</param>
public sealed record EarlyBootPartRow(EarlyBootPart Part, long FirstNs, long LastNs, long TotalNs, long Blocks, long? Instructions, int Visits, ulong FirstPc)
{
    /// <summary>The part's name as tables print it.</summary>
    public string Name => Part switch
    {
        EarlyBootPart.Firmware => "firmware (SeaBIOS)",
        EarlyBootPart.OptionRoms => "option ROMs (VGA, iPXE, linuxboot)",
        EarlyBootPart.RealModeSetup => "real-mode setup",
        EarlyBootPart.DecompressorEntry => "decompressor entry (startup_32/64)",
        EarlyBootPart.RelocatedDecompressor => "relocated decompressor (extract, place, relocate)",
        _ => "kernel entry",
    };
}
