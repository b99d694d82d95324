using System.Runtime.CompilerServices;

namespace QemuTrace.Analysis.Passes;

/// <summary>When each function (by name) first ran, and at which PC: the boot order of the code.</summary>
public sealed class FirstCallsPass : ITracePass
{
    private readonly SlotArray<long> _first = new();
    private readonly SlotArray<ulong> _pc = new();
    private readonly SlotArray<int> _function = new();
    private TraceStreamInfo _info = null!;
    private int _slots;

    /// <summary>First calls in time order.</summary>
    public IReadOnlyList<FirstCallRow> FirstCalls { get; private set; } = [];

    /// <inheritdoc/>
    public void Start(TraceStreamInfo info) => _info = info;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Blocks(ReadOnlySpan<TraceBlock> blocks)
    {
        foreach (ref readonly var b in blocks)
        {
            if (b.IsNewSlot)
            {
                _first[b.Slot] = b.TimeNs;
                _pc[b.Slot] = b.Pc;
                _function[b.Slot] = b.Function;
                _slots = Math.Max(_slots, b.Slot + 1);
            }
        }
    }

    /// <inheritdoc/>
    public void Finish(TraceStreamEnd end)
    {
        var byFunction = new Dictionary<string, (long First, ulong Pc)>(StringComparer.Ordinal);
        for (int slot = 0; slot < _slots; slot++)
        {
            string name = _info.NameOf(_function[slot]);
            if (!byFunction.TryGetValue(name, out var a) || _first[slot] < a.First)
            {
                byFunction[name] = (_first[slot], _pc[slot]);
            }
        }

        FirstCalls = byFunction
            .Select(kv => new FirstCallRow(kv.Value.First, kv.Key, kv.Value.Pc))
            .OrderBy(r => r.TimeNs).ThenBy(r => r.Function, StringComparer.Ordinal)
            .ToList();
    }
}
