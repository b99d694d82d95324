using System.Runtime.CompilerServices;
using QemuTrace.Symbols;

namespace QemuTrace.Analysis.Passes;

/// <summary>
/// Boot milestones (the first execution of each rule in <see cref="BootMilestoneRules"/>, the kernel's physical and
/// virtual entry, the first user instruction and syscall, the end of the trace) and the stages between them.
/// </summary>
public sealed class MilestonePass : ITracePass
{
    /// <summary>The lowest physical address x86-64 kernels load at (<c>LOAD_PHYSICAL_ADDR</c>, 16 MiB).</summary>
    private const ulong LowestKernelLoad = 0x100_0000;

    /// <summary>The kernel's physical and virtual alignment (<c>CONFIG_PHYSICAL_ALIGN</c>, 2 MiB on every x86-64 build).</summary>
    private const ulong KernelAlignMask = 0x1f_ffff;

    private readonly (ulong Pc, string Milestone)[] _earlyPcs = [.. BootMilestoneRules.EarlyPcs];
    private readonly List<Milestone> _milestones = [];
    private readonly HashSet<string> _seen = [];
    private TraceStreamInfo _info = null!;
    private ulong _entryAlignment;
    private bool _userSeen;
    private bool _entryCandidate;
    private long _entryTime;
    private ulong _entryPc;
    private int _entryFunction;

    /// <summary>Milestones in time order, ending with <see cref="BootMilestoneRules.EndOfTrace"/>.</summary>
    public IReadOnlyList<Milestone> Milestones { get; private set; } = [];

    /// <summary>The stages between consecutive milestones (those that take time).</summary>
    public IReadOnlyList<BootStage> Stages { get; private set; } = [];

    /// <inheritdoc/>
    public void Start(TraceStreamInfo info)
    {
        _info = info;
        _entryAlignment = (info.Symbols.Regions.KernelImage?.Start ?? 0) & KernelAlignMask;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A milestone is the first block of something that belongs to a PC (a rule's function, an early PC, a syscall
    /// entry's address), and the first block at a PC is the first of its slot: those are decided on new slots only.
    /// Per block remain the kernel's start, the physical entry (the last candidate before it) and the first user block.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Blocks(ReadOnlySpan<TraceBlock> blocks)
    {
        foreach (ref readonly var b in blocks)
        {
            if (b.StartsKernel)
            {
                if (_entryCandidate)
                {
                    Mark(BootMilestoneRules.KernelEntry, _entryTime, _entryPc, _entryFunction);
                }

                Mark(BootMilestoneRules.FirstKernelVirtualAddress, b.TimeNs, b.Pc, b.Function);
            }

            if (!b.KernelStarted)
            {
                FollowEntryCandidate(b);
            }

            if (b.IsNewSlot)
            {
                FirstAtSlot(b);
            }

            // A user region's slot can precede the kernel's start (the vsyscall page is one key in both phases), so the
            // first user block after it is looked for block by block until found.
            if (!_userSeen && b.Region == AddressRegion.User && b.KernelStarted)
            {
                _userSeen = true;
                Mark(BootMilestoneRules.FirstUserInstruction, b.TimeNs, b.Pc, b.Function);
            }
        }
    }

    /// <summary>The milestones a block can be by its PC alone, on the first block at that PC.</summary>
    private void FirstAtSlot(in TraceBlock b)
    {
        if (!b.KernelStarted)
        {
            // An array, not the rules' IReadOnlyList: a foreach over the interface would allocate an enumerator.
            foreach (var (pc, milestone) in _earlyPcs)
            {
                if (b.Pc == pc)
                {
                    Mark(milestone, b.TimeNs, b.Pc, b.Function);
                    break;
                }
            }
        }

        string? name = b.Function >= 0 ? _info.NameOf(b.Function) : null;
        if (name is null)
        {
            return;
        }

        if (BootMilestoneRules.OfFunction(name) is { } ofFunction)
        {
            Mark(ofFunction, b.TimeNs, b.Pc, b.Function);
        }

        if (b.Region != AddressRegion.User && SyscallEntries.EntrySymbols.Contains(name) && _info.Symbols.AddressOf(b.Function) == b.Pc)
        {
            Mark(BootMilestoneRules.FirstSyscall, b.TimeNs, b.Pc, b.Function);
        }
    }

    private void FollowEntryCandidate(in TraceBlock b)
    {
        // The kernel's physical entry is startup_64 at the physical load address, which KASLR moves too: the last
        // execution at a page-aligned physical address at or above 16 MiB with startup_64's 2 MiB alignment before the
        // first kernel virtual address (translation blocks also start at page boundaries inside long code, so the
        // first such PC could be the decompressor's). Without KASLR it is the vmlinux ELF entry, 0x1000000.
        if (b.Pc >= LowestKernelLoad && b.Pc < AddressRegions.FourGiB && (b.Pc & KernelAlignMask) == _entryAlignment)
        {
            _entryCandidate = true;
            _entryTime = b.TimeNs;
            _entryPc = b.Pc;
            _entryFunction = b.Function;
        }
    }

    private void Mark(string name, long time, ulong pc, int function)
    {
        if (_seen.Add(name))
        {
            _milestones.Add(new Milestone(time, name, pc, _info.NameOf(function)));
        }
    }

    /// <inheritdoc/>
    public void Finish(TraceStreamEnd end)
    {
        var milestones = new List<Milestone>(_milestones);
        if (end.Started)
        {
            milestones.Add(new Milestone(end.DurationNs, BootMilestoneRules.EndOfTrace, 0, ""));
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

        Milestones = milestones;
        Stages = stages;
    }
}
