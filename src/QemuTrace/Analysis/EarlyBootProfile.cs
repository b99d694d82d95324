using QemuTrace.Formats;
using QemuTrace.Symbols;

namespace QemuTrace.Analysis;

/// <summary>
/// Splits the boot before kernel entry into the parts a <see cref="BzImageLayout"/> can name (firmware, option ROMs,
/// real-mode setup, the decompressor before and after it moves itself) and measures each: time (each block owns the
/// time until the next), blocks, instructions (block captures) and how often execution came back to it. Reading stops at
/// the first execution of the kernel's physical entry. Works on exec_tb traces (blocks are then a sample, first times
/// are exact) and on block captures (everything exact).
/// </summary>
public sealed class EarlyBootProfile
{
    private readonly TraceEventTable _events;
    private readonly BzImageLayout _layout;
    private readonly Dictionary<EarlyBootPart, Accumulator> _parts = [];
    private readonly List<EarlyBootPart> _order = [];
    private bool _started;
    private ulong _t0;
    private bool _pending;
    private long _pendingTime;
    private EarlyBootPart _pendingPart;
    private EarlyBootPart? _previousPart;
    private bool _hasInstructions;

    /// <summary>Creates the pass for records of a reader with <paramref name="events"/>.</summary>
    public EarlyBootProfile(TraceEventTable events, BzImageLayout layout)
    {
        _events = events;
        _layout = layout;
    }

    /// <summary>When the kernel's physical entry first ran, ns since the first record; null until it has.</summary>
    public long? KernelEntryNs { get; private set; }

    /// <summary>Reads <paramref name="reader"/> up to kernel entry and returns the parts in the order they first ran.</summary>
    public static IReadOnlyList<EarlyBootPartRow> Run(ITraceReader reader, BzImageLayout layout)
    {
        var pass = new EarlyBootProfile(reader.Events, layout);
        var record = default(TraceRecord);
        while (pass.KernelEntryNs is null && reader.Read(ref record))
        {
            pass.Add(record);
        }

        return pass.Finish();
    }

    /// <summary>Adds one record; records after kernel entry are ignored.</summary>
    public void Add(in TraceRecord record)
    {
        if (KernelEntryNs is not null)
        {
            return;
        }

        var info = _events[record.EventIndex];
        if (info.Kind is not (TraceEventKind.ExecTb or TraceEventKind.ExecTbNocache) || info.PcArgument < 0 || info.PcArgument >= record.ArgumentCount)
        {
            return;
        }

        if (!_started)
        {
            _started = true;
            _t0 = record.TimestampNs;
        }

        long time = unchecked((long)(record.TimestampNs - _t0));
        ulong pc = record.Arguments[info.PcArgument];
        if (_pending)
        {
            _parts[_pendingPart].TotalNs += Math.Max(0, time - _pendingTime);
        }

        bool entry = pc == _layout.PreferredAddress;
        var part = _layout.Classify(pc, entry);
        if (!_parts.TryGetValue(part, out var a))
        {
            a = new Accumulator { FirstNs = time, FirstPc = pc };
            _parts[part] = a;
            _order.Add(part);
        }

        if (_previousPart != part)
        {
            a.Visits++;
        }

        if (entry)
        {
            KernelEntryNs = time;
            _pending = false;
            return;
        }

        a.Blocks++;
        a.LastNs = time;
        if (info.InstructionsArgument >= 0 && info.InstructionsArgument < record.ArgumentCount)
        {
            a.Instructions += (long)record.Arguments[info.InstructionsArgument];
            _hasInstructions = true;
        }

        _previousPart = part;
        _pending = true;
        _pendingTime = time;
        _pendingPart = part;
    }

    /// <summary>The parts in the order they first ran; the last is the kernel entry when it was reached.</summary>
    public IReadOnlyList<EarlyBootPartRow> Finish() =>
        _order.Select(p =>
        {
            var a = _parts[p];
            return new EarlyBootPartRow(p, a.FirstNs, p == EarlyBootPart.Kernel ? a.FirstNs : a.LastNs, a.TotalNs, a.Blocks,
                _hasInstructions ? a.Instructions : null, a.Visits, a.FirstPc);
        }).ToList();

    private sealed class Accumulator
    {
        public long FirstNs { get; init; }

        public ulong FirstPc { get; init; }

        public long LastNs { get; set; }

        public long TotalNs { get; set; }

        public long Blocks { get; set; }

        public long Instructions { get; set; }

        public int Visits { get; set; }
    }
}
