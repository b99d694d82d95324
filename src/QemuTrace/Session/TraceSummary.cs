using QemuTrace.Formats;

namespace QemuTrace.Session;

/// <summary>What a loaded trace holds, for display.</summary>
/// <param name="File">Trace path.</param>
/// <param name="Format">Input format.</param>
/// <param name="LogVersion">Simple backend log version.</param>
/// <param name="Records">Records read (null before the first pass).</param>
/// <param name="DurationNs">First to last record (null before the first pass).</param>
/// <param name="Events">Records per event name.</param>
/// <param name="DroppedEvents">Events QEMU reported dropped.</param>
/// <param name="OutOfOrder">Records earlier than their predecessor.</param>
/// <param name="SymbolFiles">Symbol sources loaded.</param>
/// <param name="Symbols">Symbols loaded.</param>
/// <param name="KaslrOffset">KASLR offset applied, as 0x-hex, or null.</param>
public sealed record TraceSummary(
    string File, TraceFormat Format, int? LogVersion, long? Records, long? DurationNs, IReadOnlyDictionary<string, long> Events,
    ulong DroppedEvents, long OutOfOrder, IReadOnlyList<string> SymbolFiles, int Symbols, string? KaslrOffset);
