using QemuTrace.Formats;

namespace QemuTrace.Analysis.Passes;

/// <summary>What a pass knows before the first block: the symbols, the trace's events and the run's options.</summary>
public sealed class TraceStreamInfo
{
    internal TraceStreamInfo(IPcSymbolizer symbols, TraceEventTable events, BootAnalysisOptions options)
    {
        Symbols = symbols;
        Events = events;
        Options = options;
    }

    /// <summary>The symbols (ids are <see cref="TraceBlock.Function"/> values &gt;= 0).</summary>
    public IPcSymbolizer Symbols { get; }

    /// <summary>The trace's event declarations.</summary>
    public TraceEventTable Events { get; }

    /// <summary>Bin width, tracked functions, syscall table.</summary>
    public BootAnalysisOptions Options { get; }

    /// <summary>The name of a <see cref="TraceBlock.Function"/>: the symbol's, or the region's pseudo-function (<c>[early-boot]</c>).</summary>
    public string NameOf(int function) =>
        function >= 0 ? Symbols.NameOf(function) : BootRegions.PseudoFunction((Symbols.AddressRegion)(-1 - function));

    /// <summary>True when the block starts at its symbol's address: an entry into the function (a call or a jump to it).</summary>
    public bool IsFunctionEntry(in TraceBlock block) => block.Function >= 0 && Symbols.AddressOf(block.Function) == block.Pc;

    /// <summary>The function id of a region's pseudo-function, as <see cref="TraceBlock.Function"/> gives it.</summary>
    public static int PseudoFunctionOf(Symbols.AddressRegion region) => -1 - (int)region;
}
