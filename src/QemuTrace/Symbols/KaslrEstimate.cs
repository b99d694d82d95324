namespace QemuTrace.Symbols;

/// <summary>The KASLR offset <see cref="KaslrOffsetFinder"/> found, and how sure it is.</summary>
/// <param name="Offset">Runtime address minus link address (0 when the kernel was not moved), modulo 2^64.</param>
/// <param name="MatchingPcs">Sampled kernel PCs that land on a function start with this offset.</param>
/// <param name="SampledPcs">Distinct kernel-range PCs tried.</param>
/// <param name="RunnerUpOffset">The second best offset.</param>
/// <param name="RunnerUpMatchingPcs">PCs the second best offset puts on function starts.</param>
public sealed record KaslrEstimate(ulong Offset, int MatchingPcs, int SampledPcs, ulong RunnerUpOffset, int RunnerUpMatchingPcs)
{
    /// <summary>
    /// 0..1: 1 - runner-up matches / best matches (1 when nothing else comes close, 0 when there is no winner or no
    /// match at all). Below about 0.5 the trace has too few kernel PCs, or the vmlinux is not the traced kernel.
    /// </summary>
    public double Confidence => MatchingPcs == 0 ? 0 : 1.0 - ((double)RunnerUpMatchingPcs / MatchingPcs);

    /// <inheritdoc />
    public override string ToString() =>
        $"KASLR offset 0x{Offset:x}: {MatchingPcs} of {SampledPcs} kernel PCs on function starts (next best 0x{RunnerUpOffset:x}: {RunnerUpMatchingPcs}); confidence {Confidence:0.00}";
}
