namespace QemuTrace.Analysis;

/// <summary>One function in a sampled (exec_tb) profile and in the exact profile of a block capture.</summary>
/// <param name="Function">Symbol or pseudo-function.</param>
/// <param name="ExactRank">1-based rank by time in the exact profile.</param>
/// <param name="SampledRank">1-based rank by time in the sampled profile, or null when it has no time there.</param>
/// <param name="ExactNs">Time in the exact profile.</param>
/// <param name="ExactPercent">Share of the exact profile's time in the compared window.</param>
/// <param name="SampledNs">Time in the sampled profile.</param>
/// <param name="SampledPercent">Share of the sampled profile's time in the compared window.</param>
/// <param name="InstructionPercent">Share of the guest instructions in the window (exact), or null without counts.</param>
public sealed record SampledFunctionError(
    string Function, int ExactRank, int? SampledRank, long ExactNs, double ExactPercent, long SampledNs, double SampledPercent, double? InstructionPercent)
{
    /// <summary>Sampled share minus exact share, in percentage points.</summary>
    public double ErrorPoints => SampledPercent - ExactPercent;

    /// <summary>The sampled share relative to the exact one (0.5 = half as much), or null when the exact share is 0.</summary>
    public double? Ratio => ExactPercent > 0 ? SampledPercent / ExactPercent : null;
}
