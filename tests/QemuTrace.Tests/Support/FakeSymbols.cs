using QemuTrace.Analysis;
using QemuTrace.Symbols;

namespace QemuTrace.Tests.Support;

/// <summary>A handful of named address ranges standing in for a kernel's symbols.</summary>
public sealed class FakeSymbols : IPcSymbolizer
{
    private readonly List<(string Name, ulong Start, ulong End)> _symbols = [];

    public ulong? EntryPoint { get; init; } = 0x1000000;

    public AddressMap Regions { get; init; } = AddressMap.Default;

    public FakeSymbols Add(string name, ulong start, ulong size)
    {
        _symbols.Add((name, start, start + size));
        return this;
    }

    public int LookupId(ulong pc) => _symbols.FindIndex(s => pc >= s.Start && pc < s.End);

    public string NameOf(int id) => _symbols[id].Name;

    public ulong AddressOf(int id) => _symbols[id].Start;
}
