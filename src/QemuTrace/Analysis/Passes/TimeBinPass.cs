using System.Runtime.CompilerServices;
using QemuTrace.Symbols;

namespace QemuTrace.Analysis.Passes;

/// <summary>Time per region, and per tracked function, in fixed bins (<see cref="BootAnalysisOptions.BinNs"/>).</summary>
public sealed class TimeBinPass : ITracePass
{
    private readonly SlotArray<int> _trackedIndex = new(-1);
    private TraceStreamInfo _info = null!;
    private Dictionary<string, int> _tracked = [];
    private List<long>[] _regionBins = [];
    private List<long>[] _functionBins = [];
    private long _binNs;

    private BinCursor _cursor;

    /// <summary>The bins (after the stream finished; empty before).</summary>
    public TimeBins Bins { get; private set; } = new(1, []);

    /// <inheritdoc/>
    public void Start(TraceStreamInfo info)
    {
        _info = info;
        var tracked = info.Options.TrackedFunctions;
        Bins = new TimeBins(info.Options.BinNs, tracked);
        _binNs = Bins.BinNs;
        _cursor = new BinCursor(_binNs);
        _tracked = tracked.Select((f, i) => (f, i)).ToDictionary(x => x.f, x => x.i, StringComparer.Ordinal);
        _regionBins = Enum.GetValues<AddressRegion>().Select(r => Bins.ByRegion[r]).ToArray();
        _functionBins = tracked.Select(f => Bins.ByFunction[f]).ToArray();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Blocks(ReadOnlySpan<TraceBlock> blocks)
    {
        foreach (ref readonly var b in blocks)
        {
            if (b.IsNewSlot && _tracked.Count > 0)
            {
                _trackedIndex[b.Slot] = _tracked.TryGetValue(_info.NameOf(b.Function), out var index) ? index : -1;
            }

            if (!b.HasPrevious)
            {
                continue;
            }

            // Most intervals lie inside the bin of the interval before: add without a division.
            long start = b.PreviousTimeNs;
            long duration = b.PreviousDurationNs;
            var regionBins = _regionBins[(int)b.PreviousRegion];
            if (_cursor.Holds(start, duration) && _cursor.Bin < regionBins.Count)
            {
                System.Runtime.InteropServices.CollectionsMarshal.AsSpan(regionBins)[_cursor.Bin] += duration;
            }
            else
            {
                TimeBins.Add(regionBins, _binNs, start, duration);
                _cursor.MoveTo(start);
            }

            if (_tracked.Count > 0 && _trackedIndex[b.PreviousSlot] is var tracked and >= 0)
            {
                TimeBins.Add(_functionBins[tracked], _binNs, b.PreviousTimeNs, b.PreviousDurationNs);
            }
        }
    }
}
