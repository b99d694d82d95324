namespace QemuTrace.Formats.Text;

/// <summary>
/// A reader that can also hand over <c>-d cpu</c> register dumps interleaved with its records. A dump is available
/// right after the record it follows has been read and before the next one is returned, so a consumer that drains
/// <see cref="TryTakeCpuState"/> before handling each record sees dumps in trace order.
/// </summary>
public interface ICpuStateSource
{
    /// <summary>Keep parsed dumps for <see cref="TryTakeCpuState"/>; off by default, so a plain pass holds none.</summary>
    bool CollectCpuStates { get; set; }

    /// <summary>Register dumps met so far (collected or not).</summary>
    long CpuStateCount { get; }

    /// <summary>True when a dump is waiting.</summary>
    bool HasCpuState { get; }

    /// <summary>Takes the oldest waiting dump.</summary>
    bool TryTakeCpuState(out CpuState state);
}
