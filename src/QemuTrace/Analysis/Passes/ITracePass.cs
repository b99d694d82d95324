using QemuTrace.Formats.Text;

namespace QemuTrace.Analysis.Passes;

/// <summary>
/// An analysis over every executed block of a trace, run in the one streaming pass with the built-in analyses
/// (profile, first calls, milestones, syscalls, time bins). The stream symbolizes each distinct PC once and hands the
/// blocks over in batches, so a pass costs one interface call per batch and no allocation per block.
/// <example><code>
/// // The gaps between consecutive calls of one function, over every block of the trace.
/// sealed class GapsBetweenCalls(string function) : ITracePass
/// {
///     private readonly SlotArray&lt;bool&gt; _isEntry = new();
///     private TraceStreamInfo _info = null!;
///     private long _last = -1;
///     public List&lt;long&gt; GapsNs { get; } = [];
///     public void Start(TraceStreamInfo info) =&gt; _info = info;
///     public void Blocks(ReadOnlySpan&lt;TraceBlock&gt; blocks)
///     {
///         foreach (ref readonly var b in blocks)
///         {
///             if (b.IsNewSlot) _isEntry[b.Slot] = _info.NameOf(b.Function) == function &amp;&amp; _info.IsFunctionEntry(b);
///             if (!_isEntry[b.Slot]) continue;
///             if (_last &gt;= 0) GapsNs.Add(b.TimeNs - _last);
///             _last = b.TimeNs;
///         }
///     }
/// }
/// var gaps = new GapsBetweenCalls("schedule");
/// session.Analyze(extraPasses: [gaps]);
/// </code></example>
/// </summary>
public interface ITracePass
{
    /// <summary>Called once before the first block: the symbols and options of this run.</summary>
    void Start(TraceStreamInfo info)
    {
    }

    /// <summary>The next blocks in trace order. The span is only valid during the call.</summary>
    void Blocks(ReadOnlySpan<TraceBlock> blocks);

    /// <summary>
    /// A <c>-d cpu</c> register dump (syscall captures), which belongs to the last block of the previous
    /// <see cref="Blocks"/> call: the stream ends a batch at every dump.
    /// </summary>
    void CpuState(CpuState state)
    {
    }

    /// <summary>Called once after the last block: the totals of the stream.</summary>
    void Finish(TraceStreamEnd end)
    {
    }
}
