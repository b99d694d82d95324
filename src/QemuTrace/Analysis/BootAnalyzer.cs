using System.Runtime.CompilerServices;
using QemuTrace.Formats;
using QemuTrace.Formats.Text;
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
    private int[] _instructionsArgument = [];

    // Per slot (distinct PC key).
    private int[] _function = new int[4096];
    private AddressRegion[] _region = new AddressRegion[4096];
    private long[] _count = new long[4096];
    private long[] _total = new long[4096];
    private long[] _instructions = new long[4096];
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
    private readonly List<(long Time, string Name, long? Duration, SyscallNaming By, ulong UserPc, string Entry, SyscallRegisters? Registers)> _syscalls = [];

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
    private ulong _openSyscallPc;
    private CpuState? _openSyscallState;
    private long _cpuStates;
    private long _cpuStatesOutsideEntries;
    private long _reentries;
    private long _records;
    private long _blocks;
    private long _instructionTotal;
    private bool _hasInstructions;
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
        var cpu = reader as ICpuStateSource;
        if (cpu is not null)
        {
            cpu.CollectCpuStates = true;
        }

        while (records.Read(ref record))
        {
            analyzer.Add(record);

            // A register dump follows the record it belongs to. The spike filter reads one record ahead, so the reader
            // has just passed this record's dump on its way to the next record: hand it over now, after this record.
            if (cpu is not null && cpu.HasCpuState)
            {
                analyzer.AddCpuStates(cpu);
            }

            if ((++n & 0xFFFF) == 0)
            {
                progress?.Invoke(n, reader.Statistics.BytesRead);
                cancel.ThrowIfCancellationRequested();
            }
        }

        if (cpu is not null && cpu.HasCpuState)
        {
            analyzer.AddCpuStates(cpu);
        }

        return analyzer.Finish();
    }

    /// <summary>
    /// Adds the <c>-d cpu</c> register dumps that followed the last record added. A dump at the syscall entry that the
    /// last record opened gives that syscall its number, arguments, call site and CR3.
    /// </summary>
    public void AddCpuStates(ICpuStateSource source)
    {
        while (source.TryTakeCpuState(out var state))
        {
            AddCpuState(state);
        }
    }

    /// <summary>Adds one register dump that followed the last record added (see <see cref="AddCpuStates"/>).</summary>
    public void AddCpuState(CpuState state)
    {
        _cpuStates++;
        bool atOpenEntry = _openSyscall >= 0 && _pending && (_flags[_pendingSlot] & FlagSyscallEntry) != 0 && state.Rip == _openSyscallPc;
        if (!atOpenEntry)
        {
            _cpuStatesOutsideEntries++;
            return;
        }

        if (_openSyscallState is not null)
        {
            // A re-entered entry block dumps again; the registers of the first dump are the syscall's.
            return;
        }

        _openSyscallState = state;
        var s = _syscalls[_openSyscall];
        var registers = new SyscallRegisters(unchecked((int)(uint)state.Rax), state.Rdi, state.Rsi, state.Rdx, state.R10, state.R8, state.R9, state.Rcx, state.Cr3, state.Line);
        _syscalls[_openSyscall] = s with { Registers = registers };
    }

    /// <summary>Adds one record (in trace order).</summary>
    public void Add(in TraceRecord record)
    {
        var kind = _events.Kinds[record.EventIndex];
        ulong pc = 0;
        long instructions = 0;
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
                int instructionsArgument = _instructionsArgument[record.EventIndex];
                if (instructionsArgument >= 0 && instructionsArgument < record.ArgumentCount)
                {
                    instructions = (long)record.Arguments[instructionsArgument];
                    _hasInstructions = true;
                }
            }
        }

        if (kind == TraceEventKind.Dropped || _drops.Open)
        {
            Drop(record, kind);
        }

        AddCompact(record.TimestampNs, kind, pc, instructions);
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
    private void AddCompact(ulong timestamp, TraceEventKind kind, ulong pc, long instructions)
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
            Block(time, pc, instructions);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int PcArgument(int eventIndex)
    {
        if (eventIndex >= _pcArgument.Length)
        {
            _pcArgument = Enumerable.Range(0, _events.Count).Select(i => _events[i].PcArgument).ToArray();
            _instructionsArgument = Enumerable.Range(0, _events.Count).Select(i => _events[i].InstructionsArgument).ToArray();
        }

        return _pcArgument[eventIndex];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Block(long time, ulong pc, long instructions)
    {
        _blocks++;
        _instructionTotal += instructions;
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
        _instructions[slot] += instructions;
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
            if (_openSyscall >= 0 && _pending && _pendingSlot == slot)
            {
                // The entry block again with nothing between: QEMU was asked to exit before running it (exec_tb_exit
                // flags=0x3) and re-entered it. A new syscall always returns to user space first.
                _reentries++;
            }
            else
            {
                _openSyscall = _syscalls.Count;
                _openSyscallPc = pc;
                _openSyscallState = null;
                _syscalls.Add((time, "?", null, SyscallNaming.None, _lastUserPc, _symbols.NameOf(_function[slot]), null));
            }

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
            Array.Resize(ref _instructions, size);
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
        var byFunction = new Dictionary<string, (long Total, long Blocks, long Entries, long First, long Last, ulong FirstPc, AddressRegion Region, long Instructions)>(StringComparer.Ordinal);
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
                    earlier ? _first[slot] : a.First, Math.Max(a.Last, _last[slot]), earlier ? pc : a.FirstPc, earlier ? _region[slot] : a.Region,
                    a.Instructions + _instructions[slot]);
            }
            else
            {
                byFunction[name] = (_total[slot], _count[slot], entries, _first[slot], _last[slot], pc, _region[slot], _instructions[slot]);
            }
        }

        double all = Math.Max(_attributed, 1);
        var profile = byFunction
            .Select(kv => new FunctionProfileRow(kv.Key, kv.Value.Region, kv.Value.Total, 100.0 * kv.Value.Total / all,
                kv.Value.Blocks, kv.Value.Entries, kv.Value.First, kv.Value.Last)
            {
                Instructions = _hasInstructions ? kv.Value.Instructions : null,
            })
            .OrderByDescending(r => r.TotalNs).ThenBy(r => r.Function, StringComparer.Ordinal)
            .ToList();
        var firstCalls = byFunction
            .Select(kv => new FirstCallRow(kv.Value.First, kv.Key, kv.Value.FirstPc))
            .OrderBy(r => r.TimeNs).ThenBy(r => r.Function, StringComparer.Ordinal)
            .ToList();
        var regions = Enum.GetValues<AddressRegion>()
            .Select(r => (r, rows: profile.Where(p => p.Region == r).ToList()))
            .Where(x => x.rows.Count > 0)
            .Select(x => new RegionTotalRow(x.r, x.rows.Sum(p => p.TotalNs), 100.0 * x.rows.Sum(p => p.TotalNs) / all, x.rows.Sum(p => p.Blocks))
            {
                Instructions = _hasInstructions ? x.rows.Sum(p => p.Instructions ?? 0) : null,
            })
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

        var syscalls = SyscallNamer.Name(_syscalls, _options.SyscallTable);
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
            Instructions = _hasInstructions ? _instructionTotal : null,
            DistinctPcs = _table.Count,
            AttributedNs = _attributed,
            DurationNs = _lastTime,
            IntervalsSpanningDrops = _dropIntervals,
            NsSpanningDrops = _dropNs,
            NegativeIntervals = _negative,
            DroppedEventGaps = _drops.Gaps.ToList(),
            CpuStates = _cpuStates,
            CpuStatesOutsideEntries = _cpuStatesOutsideEntries,
            SyscallReentries = _reentries,
            SyscallNameSource = syscalls.Any(r => r.NamedBy == SyscallNaming.Register) ? _options.SyscallTable.Source : null,
        };
    }
}
