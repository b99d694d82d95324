using System.Runtime.CompilerServices;
using QemuTrace.Formats;
using QemuTrace.Symbols;

namespace QemuTrace.Analysis;

/// <summary>
/// One streaming pass that computes the function profile, first calls, milestones, syscalls and time bins.
/// Work per record is one hash probe; symbolization happens once per distinct PC, and memory grows with
/// distinct PCs, functions and syscalls, not with the trace's length. See <see cref="BootAnalysis.AttributionModel"/>.
/// </summary>
public sealed class BootAnalyzer
{
    private const ulong ResetVector = 0xffff_fff0;
    private const ulong BiosEntry = 0xf_e05b;
    private const ulong BootSector = 0x7c00;
    private const ulong ProtectedModeKernel = 0x10_0000;

    /// <summary>The lowest physical address x86-64 kernels load at (<c>LOAD_PHYSICAL_ADDR</c>, 16 MiB).</summary>
    private const ulong LowestKernelLoad = 0x100_0000;

    /// <summary>The kernel's physical and virtual alignment (<c>CONFIG_PHYSICAL_ALIGN</c>, 2 MiB on every x86-64 build).</summary>
    private const ulong KernelAlignMask = 0x1f_ffff;

    private readonly IPcSymbolizer _symbols;
    private readonly TraceEventTable _events;
    private readonly BootAnalysisOptions _options;
    private readonly PcTable _table = new();
    private readonly TimeBins _bins;
    private readonly Dictionary<string, int> _tracked;
    private readonly List<long>[] _regionBins;
    private readonly List<long>[] _functionBins;
    private int[] _pcArgument = [];

    // Per slot (distinct PC key).
    private int[] _function = new int[4096];
    private AddressRegion[] _region = new AddressRegion[4096];
    private long[] _count = new long[4096];
    private long[] _total = new long[4096];
    private long[] _first = new long[4096];
    private long[] _last = new long[4096];
    private byte[] _flags = new byte[4096];
    private string?[] _handler = new string?[4096];
    private int[] _trackedIndex = new int[4096];

    private const byte FlagSyscallEntry = 1;
    private const byte FlagMilestone = 2;

    private readonly Dictionary<string, string> _milestoneFunctions;
    private readonly List<Milestone> _milestones = [];
    private readonly HashSet<string> _milestonesSeen = [];
    private readonly List<(long Time, string Name, long? Duration, SyscallNaming By, ulong UserPc, string Entry)> _syscalls = [];

    private bool _started;
    private ulong _t0;
    private long _lastTime;
    private bool _kernelStarted;
    private bool _pending;
    private long _pendingTime;
    private int _pendingSlot;
    private bool _pendingSpansDrop;
    private ulong _lastUserPc;
    private int _openSyscall = -1;
    private long _records;
    private long _blocks;
    private long _attributed;
    private long _dropIntervals;
    private long _dropNs;
    private long _negative;
    private readonly DroppedEventLocator _drops = new();
    private bool _userSeen;
    private bool _entryCandidate;
    private long _entryTime;
    private ulong _entryPc;
    private int _entrySlot;
    private readonly ulong _entryAlignment;

    /// <summary>Creates an analyzer for records of a reader with <paramref name="events"/>.</summary>
    public BootAnalyzer(TraceEventTable events, IPcSymbolizer symbols, BootAnalysisOptions? options = null)
    {
        _events = events;
        _symbols = symbols;
        _options = options ?? new BootAnalysisOptions();
        _bins = new TimeBins(_options.BinNs, _options.TrackedFunctions);
        _tracked = _options.TrackedFunctions.Select((f, i) => (f, i)).ToDictionary(x => x.f, x => x.i, StringComparer.Ordinal);
        _entryAlignment = (symbols.Regions.KernelImage?.Start ?? 0) & KernelAlignMask;
        _regionBins = Enum.GetValues<AddressRegion>().Select(r => _bins.ByRegion[r]).ToArray();
        _functionBins = _options.TrackedFunctions.Select(f => _bins.ByFunction[f]).ToArray();
        _milestoneFunctions = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["startup_64"] = "startup_64 (virtual)",
            ["start_kernel"] = "start_kernel",
            ["run_init_process"] = "init exec",
            ["path_mount"] = "first mount",
            ["do_mount"] = "first mount",
            ["__x64_sys_mount"] = "first mount syscall",
            ["__ia32_sys_mount"] = "first mount syscall",
            ["kernel_power_off"] = "power-off",
            ["machine_power_off"] = "power-off",
            ["native_machine_power_off"] = "power-off",
            ["kernel_restart"] = "reboot",
            ["machine_restart"] = "reboot",
            ["kernel_halt"] = "halt",
        };
    }

    /// <summary>Reads every record of <paramref name="reader"/> and returns the analysis.</summary>
    public static BootAnalysis Run(ITraceReader reader, IPcSymbolizer symbols, BootAnalysisOptions? options = null, Action<long, long>? progress = null, CancellationToken cancel = default)
    {
        var analyzer = new BootAnalyzer(reader.Events, symbols, options);
        var record = default(TraceRecord);
        var records = new TimestampSpikeFilter(reader);
        long n = 0;
        while (records.Read(ref record))
        {
            analyzer.Add(record);
            if ((++n & 0xFFFF) == 0)
            {
                progress?.Invoke(n, reader.Statistics.BytesRead);
                cancel.ThrowIfCancellationRequested();
            }
        }

        return analyzer.Finish();
    }

    /// <summary>Adds one record (in trace order).</summary>
    public void Add(in TraceRecord record)
    {
        var kind = _events.Kinds[record.EventIndex];
        ulong pc = 0;
        if (kind is TraceEventKind.ExecTb or TraceEventKind.ExecTbNocache)
        {
            int pcArgument = PcArgument(record.EventIndex);
            if (pcArgument < 0 || pcArgument >= record.ArgumentCount)
            {
                kind = TraceEventKind.Other;
            }
            else
            {
                pc = record.Arguments[pcArgument];
            }
        }

        if (kind == TraceEventKind.Dropped || _drops.Open)
        {
            Drop(record, kind);
        }

        AddCompact(record.TimestampNs, kind, pc);
    }

    /// <summary>Follows a <c>Dropped_Event</c> record's buffered records to the gap where the events were lost.</summary>
    private void Drop(in TraceRecord record, TraceEventKind kind)
    {
        long time = _started ? unchecked((long)(record.TimestampNs - _t0)) : 0;
        if (kind == TraceEventKind.Dropped)
        {
            _drops.Dropped(time, record.ArgumentCount > 0 ? record.Arguments[0] : 0, record.Position);
        }
        else if (_drops.Next(time, record.ArgumentCount))
        {
            // The interval open now (from the last block record to the next) contains the loss.
            _pendingSpansDrop = _pending;
        }
    }

    /// <summary>Adds one record reduced to what the analyses use: its time, its kind, and the PC of block records.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddCompact(ulong timestamp, TraceEventKind kind, ulong pc)
    {
        _records++;
        if (!_started)
        {
            _started = true;
            _t0 = timestamp;
        }

        long time = unchecked((long)(timestamp - _t0));
        _lastTime = Math.Max(_lastTime, time);
        if (kind is TraceEventKind.ExecTb or TraceEventKind.ExecTbNocache)
        {
            Block(time, pc);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int PcArgument(int eventIndex)
    {
        if (eventIndex >= _pcArgument.Length)
        {
            _pcArgument = Enumerable.Range(0, _events.Count).Select(i => _events[i].PcArgument).ToArray();
        }

        return _pcArgument[eventIndex];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Block(long time, ulong pc)
    {
        _blocks++;
        if (_pending)
        {
            Close(time);
        }

        bool kernelStartsHere = !_kernelStarted && pc >= BootRegions.KernelTextStart;
        _kernelStarted |= kernelStartsHere;
        ulong key = BootRegions.PhaseKey(pc, _kernelStarted);
        int slot = _table.GetOrAdd(key, out bool added);
        if (added)
        {
            NewSlot(slot, pc, time);
        }

        if (kernelStartsHere)
        {
            if (_entryCandidate)
            {
                Mark(KernelEntryMilestone, _entryTime, _entryPc, _entrySlot);
            }

            Mark("first kernel virtual address", time, pc, slot);
        }

        _count[slot]++;
        _last[slot] = time;
        var region = _region[slot];
        if (!_kernelStarted)
        {
            EarlyMilestones(time, pc, slot);
        }

        if ((_flags[slot] & FlagMilestone) != 0)
        {
            FunctionMilestone(time, pc, slot);
        }

        if (region == AddressRegion.User)
        {
            if (!_userSeen && _kernelStarted)
            {
                _userSeen = true;
                Mark("first user instruction", time, pc, slot);
            }

            if (_openSyscall >= 0)
            {
                var s = _syscalls[_openSyscall];
                _syscalls[_openSyscall] = s with { Duration = time - s.Time };
                _openSyscall = -1;
            }

            _lastUserPc = pc;
        }
        else if ((_flags[slot] & FlagSyscallEntry) != 0 && _symbols.AddressOf(_function[slot]) == pc)
        {
            _openSyscall = _syscalls.Count;
            _syscalls.Add((time, "?", null, SyscallNaming.None, _lastUserPc, _symbols.NameOf(_function[slot])));
            if (_syscalls.Count == 1)
            {
                Mark("first syscall", time, pc, slot);
            }
        }
        else if (_openSyscall >= 0 && _handler[slot] is string handler && _syscalls[_openSyscall].By == SyscallNaming.None)
        {
            _syscalls[_openSyscall] = _syscalls[_openSyscall] with { Name = handler, By = SyscallNaming.Handler };
        }

        _pending = true;
        _pendingTime = time;
        _pendingSlot = slot;
        _pendingSpansDrop = false;
    }

    private void Close(long time)
    {
        long duration = time - _pendingTime;
        if (duration < 0)
        {
            _negative++;
            duration = 0;
        }

        int slot = _pendingSlot;
        _total[slot] += duration;
        _attributed += duration;
        if (_pendingSpansDrop)
        {
            _dropIntervals++;
            _dropNs += duration;
        }

        TimeBins.Add(_regionBins[(int)_region[slot]], _bins.BinNs, _pendingTime, duration);
        if (_trackedIndex[slot] >= 0)
        {
            TimeBins.Add(_functionBins[_trackedIndex[slot]], _bins.BinNs, _pendingTime, duration);
        }
    }

    private void NewSlot(int slot, ulong pc, long time)
    {
        if (slot >= _function.Length)
        {
            int size = _function.Length * 2;
            Array.Resize(ref _function, size);
            Array.Resize(ref _region, size);
            Array.Resize(ref _count, size);
            Array.Resize(ref _total, size);
            Array.Resize(ref _first, size);
            Array.Resize(ref _last, size);
            Array.Resize(ref _flags, size);
            Array.Resize(ref _handler, size);
            Array.Resize(ref _trackedIndex, size);
        }

        var region = _symbols.Regions.Classify(pc, _kernelStarted);
        int function = -1;
        if (BootRegions.HasKernelSymbols(region))
        {
            function = _symbols.LookupId(pc);
        }

        // Functions are symbol ids >= 0, or -1 - region for a region's pseudo-function.
        _function[slot] = function >= 0 ? function : -1 - (int)region;
        _region[slot] = region;
        _first[slot] = time;
        _flags[slot] = 0;
        _handler[slot] = null;
        _trackedIndex[slot] = -1;
        string name = FunctionName(_function[slot]);
        if (function >= 0)
        {
            if (SyscallEntries.EntrySymbols.Contains(name))
            {
                _flags[slot] |= FlagSyscallEntry;
            }

            if (_milestoneFunctions.ContainsKey(name) || name.StartsWith("ext4_", StringComparison.Ordinal))
            {
                _flags[slot] |= FlagMilestone;
            }

            _handler[slot] = SyscallEntries.HandlerSyscall(name);
        }

        if (_tracked.TryGetValue(name, out var tracked))
        {
            _trackedIndex[slot] = tracked;
        }
    }

    private void EarlyMilestones(long time, ulong pc, int slot)
    {
        if (pc == ResetVector)
        {
            Mark("reset vector", time, pc, slot);
        }
        else if (pc == BiosEntry)
        {
            Mark("BIOS entry", time, pc, slot);
        }
        else if (pc == BootSector)
        {
            Mark("bootloader (0x7c00)", time, pc, slot);
        }
        else if (pc == ProtectedModeKernel)
        {
            Mark("compressed kernel (0x100000)", time, pc, slot);
        }

        // The kernel's physical entry is startup_64 at the physical load address, which KASLR moves too: the last
        // execution at a page-aligned physical address at or above 16 MiB with startup_64's 2 MiB alignment before the
        // first kernel virtual address (translation blocks also start at page boundaries inside long code, so the
        // first such PC could be the decompressor's). Without KASLR it is the vmlinux ELF entry, 0x1000000.
        if (pc >= LowestKernelLoad && pc < AddressRegions.FourGiB && (pc & KernelAlignMask) == _entryAlignment)
        {
            _entryCandidate = true;
            _entryTime = time;
            _entryPc = pc;
            _entrySlot = slot;
        }
    }

    /// <summary>The milestone of the kernel's physical entry (startup_64 at the physical load address).</summary>
    public const string KernelEntryMilestone = "kernel entry (physical startup_64)";

    private void FunctionMilestone(long time, ulong pc, int slot)
    {
        string name = FunctionName(_function[slot]);
        string milestone = name.StartsWith("ext4_", StringComparison.Ordinal) ? "first ext4 call" : _milestoneFunctions[name];
        Mark(milestone, time, pc, slot);
        _flags[slot] &= unchecked((byte)~FlagMilestone);
    }

    private void Mark(string name, long time, ulong pc, int slot)
    {
        if (_milestonesSeen.Add(name))
        {
            string function = slot >= 0 ? FunctionName(_function[slot]) : "";
            _milestones.Add(new Milestone(time, name, pc, function));
        }
    }

    private string FunctionName(int function) =>
        function >= 0 ? _symbols.NameOf(function) : BootRegions.PseudoFunction((AddressRegion)(-1 - function));

    /// <summary>Completes the analysis (the final record owns no time) and builds the results.</summary>
    public BootAnalysis Finish()
    {
        _drops.Finish();
        // Aggregate by name: static functions of one name in several files (foo.constprop.0, inlined copies) are one
        // row, as a reader of the table and gdb's answers see them.
        var byFunction = new Dictionary<string, (long Total, long Blocks, long Entries, long First, long Last, ulong FirstPc, AddressRegion Region)>(StringComparer.Ordinal);
        for (int slot = 0; slot < _table.Count; slot++)
        {
            ulong pc = BootRegions.PcOfPhaseKey(_table.KeysBySlot[slot]);
            int f = _function[slot];
            string name = FunctionName(f);
            long entries = f >= 0 && _symbols.AddressOf(f) == pc ? _count[slot] : 0;
            if (byFunction.TryGetValue(name, out var a))
            {
                bool earlier = _first[slot] < a.First;
                byFunction[name] = (a.Total + _total[slot], a.Blocks + _count[slot], a.Entries + entries,
                    earlier ? _first[slot] : a.First, Math.Max(a.Last, _last[slot]), earlier ? pc : a.FirstPc, earlier ? _region[slot] : a.Region);
            }
            else
            {
                byFunction[name] = (_total[slot], _count[slot], entries, _first[slot], _last[slot], pc, _region[slot]);
            }
        }

        double all = Math.Max(_attributed, 1);
        var profile = byFunction
            .Select(kv => new FunctionProfileRow(kv.Key, kv.Value.Region, kv.Value.Total, 100.0 * kv.Value.Total / all,
                kv.Value.Blocks, kv.Value.Entries, kv.Value.First, kv.Value.Last))
            .OrderByDescending(r => r.TotalNs).ThenBy(r => r.Function, StringComparer.Ordinal)
            .ToList();
        var firstCalls = byFunction
            .Select(kv => new FirstCallRow(kv.Value.First, kv.Key, kv.Value.FirstPc))
            .OrderBy(r => r.TimeNs).ThenBy(r => r.Function, StringComparer.Ordinal)
            .ToList();
        var regions = Enum.GetValues<AddressRegion>()
            .Select(r => (r, rows: profile.Where(p => p.Region == r).ToList()))
            .Where(x => x.rows.Count > 0)
            .Select(x => new RegionTotalRow(x.r, x.rows.Sum(p => p.TotalNs), 100.0 * x.rows.Sum(p => p.TotalNs) / all, x.rows.Sum(p => p.Blocks)))
            .ToList();
        var milestones = new List<Milestone>(_milestones);
        if (_started)
        {
            milestones.Add(new Milestone(_lastTime, "end of trace", 0, ""));
        }

        milestones = milestones.OrderBy(m => m.TimeNs).ToList();
        var stages = new List<BootStage>();
        for (int i = 0; i + 1 < milestones.Count; i++)
        {
            if (milestones[i + 1].TimeNs > milestones[i].TimeNs)
            {
                stages.Add(new BootStage($"{milestones[i].Name} → {milestones[i + 1].Name}", milestones[i].TimeNs, milestones[i + 1].TimeNs));
            }
        }

        var syscalls = SyscallNamer.Name(_syscalls);
        return new BootAnalysis
        {
            Profile = profile,
            Regions = regions,
            FirstCalls = firstCalls,
            Milestones = milestones,
            Stages = stages,
            Syscalls = syscalls,
            SyscallSummary = SyscallNamer.Summarize(syscalls),
            Bins = _bins,
            Records = _records,
            BlockRecords = _blocks,
            DistinctPcs = _table.Count,
            AttributedNs = _attributed,
            DurationNs = _lastTime,
            IntervalsSpanningDrops = _dropIntervals,
            NsSpanningDrops = _dropNs,
            NegativeIntervals = _negative,
            DroppedEventGaps = _drops.Gaps.ToList(),
        };
    }
}
