using System.Runtime.CompilerServices;

namespace QemuTrace.Analysis.Passes;

/// <summary>
/// Every function's time per bin (<see cref="FunctionTimeBins"/>), sparse, within a memory budget: past
/// <see cref="MaxEntries"/> (function, bin) pairs it gives up (<see cref="Bins"/> stays null) and a function charted
/// later takes a second pass, as before. Bins are split exactly as <see cref="TimeBins"/> splits a tracked function's.
/// </summary>
public sealed class FunctionBinPass : ITracePass
{
    /// <summary>(function, bin) pairs kept at most: 2 M, 32 MB.</summary>
    public const int MaxEntries = 2 << 20;

    private readonly SlotArray<int> _nameOfSlot = new();
    private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);
    private readonly List<string> _nameList = [];
    private TraceStreamInfo _info = null!;
    private long _binNs;
    private BinCursor _cursor;

    // Per name: the bin being summed and its ns so far.
    private int[] _openBin = new int[1024];
    private long[] _openNs = new long[1024];

    // Closed (name, bin, ns) entries in the order they closed.
    private int[] _entryName = new int[4096];
    private int[] _entryBin = new int[4096];
    private long[] _entryNs = new long[4096];
    private int _entries;
    private bool _overflowed;

    /// <summary>The bins (after the stream finished), or null when they did not fit the budget.</summary>
    public FunctionTimeBins? Bins { get; private set; }

    /// <inheritdoc/>
    public void Start(TraceStreamInfo info)
    {
        _info = info;
        _binNs = info.Options.BinNs;
        _cursor = new BinCursor(_binNs);
        Array.Fill(_openBin, -1);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Blocks(ReadOnlySpan<TraceBlock> blocks)
    {
        if (_overflowed)
        {
            return;
        }

        foreach (ref readonly var b in blocks)
        {
            if (b.IsNewSlot)
            {
                _nameOfSlot[b.Slot] = NameIndex(_info.NameOf(b.Function));
            }

            long start = b.PreviousTimeNs;
            long duration = b.PreviousDurationNs;
            if (!b.HasPrevious)
            {
                continue;
            }

            int name = _nameOfSlot[b.PreviousSlot];
            if (_cursor.Holds(start, duration))
            {
                // Inside the bin of the interval before (most are): no division.
                Add(name, _cursor.Bin, duration);
                continue;
            }

            var parts = new BinParts(_binNs, start, duration);
            while (parts.Next(out int bin, out long part))
            {
                Add(name, bin, part);
            }

            _cursor.MoveTo(start);
            if (_overflowed)
            {
                return;
            }
        }
    }

    /// <inheritdoc/>
    public void Finish(TraceStreamEnd end)
    {
        for (int name = 0; name < _nameList.Count && !_overflowed; name++)
        {
            if (_openBin[name] >= 0)
            {
                Close(name);
            }
        }

        if (_overflowed)
        {
            return;
        }

        var counts = new int[_nameList.Count];
        for (int i = 0; i < _entries; i++)
        {
            counts[_entryName[i]]++;
        }

        var byFunction = new Dictionary<string, (int[] Bins, long[] Ns)>(StringComparer.Ordinal);
        var filled = new int[_nameList.Count];
        for (int name = 0; name < _nameList.Count; name++)
        {
            if (counts[name] > 0)
            {
                byFunction[_nameList[name]] = (new int[counts[name]], new long[counts[name]]);
            }
        }

        // Entries of one name in the order they closed (ascending unless records went back in time: TryGet sums either way).
        for (int i = 0; i < _entries; i++)
        {
            var (bins, ns) = byFunction[_nameList[_entryName[i]]];
            int at = filled[_entryName[i]]++;
            bins[at] = _entryBin[i];
            ns[at] = _entryNs[i];
        }

        Bins = new FunctionTimeBins(_binNs, byFunction);
    }

    private void Add(int name, int bin, long ns)
    {
        if (_openBin[name] != bin)
        {
            if (_openBin[name] >= 0)
            {
                Close(name);
            }

            _openBin[name] = bin;
            _openNs[name] = 0;
        }

        _openNs[name] += ns;
    }

    private void Close(int name)
    {
        if (_entries == MaxEntries)
        {
            _overflowed = true;
            _entryName = _entryBin = [];
            _entryNs = [];
            return;
        }

        if (_entries == _entryName.Length)
        {
            int size = Math.Min(_entries * 2, MaxEntries);
            Array.Resize(ref _entryName, size);
            Array.Resize(ref _entryBin, size);
            Array.Resize(ref _entryNs, size);
        }

        _entryName[_entries] = name;
        _entryBin[_entries] = _openBin[name];
        _entryNs[_entries] = _openNs[name];
        _entries++;
    }

    private int NameIndex(string name)
    {
        if (_names.TryGetValue(name, out int index))
        {
            return index;
        }

        index = _nameList.Count;
        _names.Add(name, index);
        _nameList.Add(name);
        if (index >= _openBin.Length)
        {
            int old = _openBin.Length;
            Array.Resize(ref _openBin, old * 2);
            Array.Resize(ref _openNs, old * 2);
            Array.Fill(_openBin, -1, old, old);
        }

        return index;
    }
}
