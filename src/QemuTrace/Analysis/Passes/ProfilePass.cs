using System.Runtime.CompilerServices;
using QemuTrace.Symbols;

namespace QemuTrace.Analysis.Passes;

/// <summary>
/// Time, blocks, entries and instructions per function, and the totals per region: each block's time goes to its
/// function; static functions of one name (foo.constprop.0, copies in several files) are one row, as gdb names them.
/// </summary>
public sealed class ProfilePass : ITracePass
{
    // What changes per block, side by side: one cache line per slot and block.
    private readonly SlotArray<SlotCounters> _counters = new();
    private readonly SlotArray<long> _first = new();
    private readonly SlotArray<ulong> _pc = new();
    private readonly SlotArray<int> _function = new();
    private readonly SlotArray<AddressRegion> _region = new();
    private TraceStreamInfo _info = null!;
    private int _slots;

    /// <summary>Time per function, most first.</summary>
    public IReadOnlyList<FunctionProfileRow> Profile { get; private set; } = [];

    /// <summary>Time per region.</summary>
    public IReadOnlyList<RegionTotalRow> Regions { get; private set; } = [];

    /// <inheritdoc/>
    public void Start(TraceStreamInfo info) => _info = info;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Blocks(ReadOnlySpan<TraceBlock> blocks)
    {
        foreach (ref readonly var b in blocks)
        {
            if (b.HasPrevious)
            {
                _counters[b.PreviousSlot].Total += b.PreviousDurationNs;
            }

            int slot = b.Slot;
            if (b.IsNewSlot)
            {
                _first[slot] = b.TimeNs;
                _pc[slot] = b.Pc;
                _function[slot] = b.Function;
                _region[slot] = b.Region;
                _slots = Math.Max(_slots, slot + 1);
            }

            ref var counters = ref _counters[slot];
            counters.Count++;
            counters.Instructions += b.Instructions;
            counters.Last = b.TimeNs;
        }
    }

    /// <inheritdoc/>
    public void Finish(TraceStreamEnd end)
    {
        bool hasInstructions = end.Instructions is not null;
        var byFunction = new Dictionary<string, (long Total, long Blocks, long Entries, long First, long Last, AddressRegion Region, long Instructions)>(StringComparer.Ordinal);
        for (int slot = 0; slot < _slots; slot++)
        {
            int f = _function[slot];
            var c = _counters[slot];
            string name = _info.NameOf(f);
            long entries = f >= 0 && _info.Symbols.AddressOf(f) == _pc[slot] ? c.Count : 0;
            if (byFunction.TryGetValue(name, out var a))
            {
                bool earlier = _first[slot] < a.First;
                byFunction[name] = (a.Total + c.Total, a.Blocks + c.Count, a.Entries + entries,
                    earlier ? _first[slot] : a.First, Math.Max(a.Last, c.Last), earlier ? _region[slot] : a.Region,
                    a.Instructions + c.Instructions);
            }
            else
            {
                byFunction[name] = (c.Total, c.Count, entries, _first[slot], c.Last, _region[slot], c.Instructions);
            }
        }

        double all = Math.Max(end.AttributedNs, 1);
        var profile = byFunction
            .Select(kv => new FunctionProfileRow(kv.Key, kv.Value.Region, kv.Value.Total, 100.0 * kv.Value.Total / all,
                kv.Value.Blocks, kv.Value.Entries, kv.Value.First, kv.Value.Last)
            {
                Instructions = hasInstructions ? kv.Value.Instructions : null,
            })
            .OrderByDescending(r => r.TotalNs).ThenBy(r => r.Function, StringComparer.Ordinal)
            .ToList();
        Profile = profile;
        Regions = Enum.GetValues<AddressRegion>()
            .Select(r => (r, rows: profile.Where(p => p.Region == r).ToList()))
            .Where(x => x.rows.Count > 0)
            .Select(x => new RegionTotalRow(x.r, x.rows.Sum(p => p.TotalNs), 100.0 * x.rows.Sum(p => p.TotalNs) / all, x.rows.Sum(p => p.Blocks))
            {
                Instructions = hasInstructions ? x.rows.Sum(p => p.Instructions ?? 0) : null,
            })
            .ToList();
    }

    private struct SlotCounters
    {
        public long Count;
        public long Total;
        public long Instructions;
        public long Last;
    }
}
