using System.Runtime.CompilerServices;
using QemuTrace.Formats.Text;
using QemuTrace.Symbols;

namespace QemuTrace.Analysis.Passes;

/// <summary>
/// Every syscall: it starts at a block at a syscall entry symbol's address and ends at the next user block. It is named
/// by its register dump on a syscall capture, else by the first <c>__x64_sys_*</c> handler block inside it, else by a
/// rule learned from the trace (<see cref="SyscallNamer"/>).
/// </summary>
public sealed class SyscallPass : ITracePass
{
    private readonly SlotArray<bool> _isEntry = new();
    // Per slot: 0, or 1 + the index of its handler's syscall in _handlers (a value type: no shared generic code per block).
    private readonly SlotArray<int> _handler = new();
    private readonly NameIndex _handlers = new();
    private readonly List<(long Time, string Name, long? Duration, SyscallNaming By, ulong UserPc, string Entry, SyscallRegisters? Registers)> _syscalls = [];
    private TraceStreamInfo _info = null!;
    private ulong _lastUserPc;
    private int _lastSlot = -1;
    private int _open = -1;
    private ulong _openPc;
    private bool _openHasRegisters;

    /// <summary>Every syscall in time order.</summary>
    public IReadOnlyList<SyscallRow> Syscalls { get; private set; } = [];

    /// <summary>Syscalls per name.</summary>
    public IReadOnlyList<SyscallSummaryRow> Summary { get; private set; } = [];

    /// <summary>Register dumps read.</summary>
    public long CpuStates { get; private set; }

    /// <summary>Register dumps not at the entry block of an open syscall.</summary>
    public long CpuStatesOutsideEntries { get; private set; }

    /// <summary>Entry blocks entered twice in a row (QEMU asked to exit before running it, then re-entered it).</summary>
    public long Reentries { get; private set; }

    /// <summary>Where the syscall numbers got their names, when any syscall was named by its registers.</summary>
    public string? NameSource { get; private set; }

    /// <inheritdoc/>
    public void Start(TraceStreamInfo info) => _info = info;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Blocks(ReadOnlySpan<TraceBlock> blocks)
    {
        foreach (ref readonly var b in blocks)
        {
            int slot = b.Slot;
            if (b.IsNewSlot)
            {
                string? name = b.Function >= 0 ? _info.NameOf(b.Function) : null;
                _isEntry[slot] = name is not null && SyscallEntries.EntrySymbols.Contains(name);
                _handler[slot] = name is not null && SyscallEntries.HandlerSyscall(name) is { } syscall ? _handlers.Of(syscall) + 1 : 0;
            }

            if (b.Region == AddressRegion.User)
            {
                if (_open >= 0)
                {
                    var s = _syscalls[_open];
                    _syscalls[_open] = s with { Duration = b.TimeNs - s.Time };
                    _open = -1;
                }

                _lastUserPc = b.Pc;
            }
            else if (_isEntry[slot] && _info.Symbols.AddressOf(b.Function) == b.Pc)
            {
                if (_open >= 0 && b.PreviousSlot == slot)
                {
                    // The entry block again with nothing between: QEMU was asked to exit before running it (exec_tb_exit
                    // flags=0x3) and re-entered it. A new syscall always returns to user space first. The syscall starts
                    // when the block really ran: at the re-entry (an every-block capture of the same run agrees).
                    Reentries++;
                    _syscalls[_open] = _syscalls[_open] with { Time = b.TimeNs };
                }
                else
                {
                    _open = _syscalls.Count;
                    _openPc = b.Pc;
                    _openHasRegisters = false;
                    _syscalls.Add((b.TimeNs, "?", null, SyscallNaming.None, _lastUserPc, _info.NameOf(b.Function), null));
                }
            }
            else if (_open >= 0 && _handler[slot] is int handler and > 0 && _syscalls[_open].By == SyscallNaming.None)
            {
                _syscalls[_open] = _syscalls[_open] with { Name = _handlers[handler - 1], By = SyscallNaming.Handler };
            }

            _lastSlot = slot;
        }
    }

    /// <summary>A register dump at the entry block of the open syscall gives it its number, arguments, call site and CR3.</summary>
    public void CpuState(CpuState state)
    {
        CpuStates++;
        bool atOpenEntry = _open >= 0 && _lastSlot >= 0 && _isEntry[_lastSlot] && state.Rip == _openPc;
        if (!atOpenEntry)
        {
            CpuStatesOutsideEntries++;
            return;
        }

        if (_openHasRegisters)
        {
            // A re-entered entry block dumps again; the registers of the first dump are the syscall's.
            return;
        }

        _openHasRegisters = true;
        var registers = new SyscallRegisters(unchecked((int)(uint)state.Rax), state.Rdi, state.Rsi, state.Rdx, state.R10, state.R8, state.R9, state.Rcx, state.Cr3, state.Line, UserFunction(state.Rcx));
        _syscalls[_open] = _syscalls[_open] with { Registers = registers };
    }

    /// <summary>
    /// The symbol gdb names for the user address <paramref name="pc"/>, or null. The kernel's symbols name no user
    /// address (the data/syscalls test checks this on the real vmlinux), so the call sites stay unnamed unless a user ELF
    /// is loaded (<c>--user ELF@BASE</c>).
    /// </summary>
    private string? UserFunction(ulong pc)
    {
        int id = pc < AddressRegions.UserEnd ? _info.Symbols.LookupId(pc) : -1;
        return id >= 0 ? _info.Symbols.NameOf(id) : null;
    }

    /// <inheritdoc/>
    public void Finish(TraceStreamEnd end)
    {
        var syscalls = SyscallNamer.Name(_syscalls, _info.Options.SyscallTable);
        Syscalls = syscalls;
        Summary = SyscallNamer.Summarize(syscalls);
        NameSource = syscalls.Any(r => r.NamedBy == SyscallNaming.Register) ? _info.Options.SyscallTable.Source : null;
    }
}
