using QemuTrace.Symbols;

namespace QemuTrace.Tests.Symbols;

/// <summary>System.map and /proc/kallsyms from the data/ guest against the vmlinux they were made from.</summary>
public class TextSourceTests
{
    private static readonly Lazy<Symbolizer> Elf = new(() => new Symbolizer([SymbolData.Vmlinux]));

    private static IEnumerable<ulong> ExpectedAddresses() =>
        SymbolData.ReadExpected(SymbolData.Symbols("gdb-expected.txt")).Select(e => SymbolData.ParseHex(e.Address));

    [Theory]
    [InlineData("System.map.gz")]
    [InlineData("kallsyms.txt.gz")]
    public void It_names_the_function_the_elf_names_at_the_same_offset(string file)
    {
        var source = file.StartsWith("System", StringComparison.Ordinal)
            ? new Symbolizer([KernelSymbolMapReader.LoadSystemMap(SymbolData.Boot(file))])
            : new Symbolizer(KernelSymbolMapReader.LoadKallsyms(SymbolData.Boot(file)));
        var elf = Elf.Value;
        int compared = 0;
        var differences = new List<string>();
        foreach (ulong pc in ExpectedAddresses())
        {
            int id = elf.LookupId(pc);
            if (id < 0 || !elf.GetSymbol(id).IsCode || elf.GetSymbol(id).Size == 0)
            {
                continue;
            }

            compared++;
            var expected = elf.GetSymbol(id);
            int other = source.LookupId(pc);
            if (other >= 0 && source.GetAddress(other) > expected.Address && source.GetAddress(other) <= pc)
            {
                // A label inside the function (e.g. __put_user_nocheck_8 in __put_user_8): only ELF sizes tell them apart.
                continue;
            }

            if (expected.Section == ".exit.text")
            {
                // No linker-script markers delimit .exit.text (discarded at boot, never traced) in System.map/kallsyms.
                continue;
            }

            if (other < 0 || source.GetAddress(other) != expected.Address)
            {
                differences.Add($"0x{pc:x}: ELF {elf.DescribeLikeGdb(pc)}, {file} {source.DescribeLikeGdb(pc)}");
            }
            else if (source.GetSymbol(other).Section != expected.Section)
            {
                differences.Add($"0x{pc:x}: ELF section {expected.Section}, {file} {source.GetSymbol(other).Section}");
            }
        }

        Assert.True(compared > 1500, $"only {compared} addresses inside functions");
        Assert.True(differences.Count == 0, $"{differences.Count} of {compared} differ:\n" + string.Join("\n", differences.Take(30)));
    }

    [Fact]
    public void It_answers_like_the_elf_for_every_system_map_symbol_start_in_text()
    {
        var map = KernelSymbolMapReader.LoadSystemMap(SymbolData.Boot("System.map.gz"));
        var fromMap = new Symbolizer([map]);
        var elf = Elf.Value;
        int compared = 0;
        var differences = new List<string>();
        for (int i = 0; i < map.SymbolCount; i++)
        {
            var symbol = map.GetSymbol(i);
            if (!symbol.IsCode)
            {
                continue;
            }

            compared++;
            int id = elf.LookupId(symbol.Address);
            int other = fromMap.LookupId(symbol.Address);
            if (id >= 0 && elf.GetAddress(id) == symbol.Address && (other < 0 || fromMap.GetAddress(other) != symbol.Address))
            {
                differences.Add($"0x{symbol.Address:x}: ELF {elf.DescribeLikeGdb(symbol.Address)}, map {fromMap.DescribeLikeGdb(symbol.Address)}");
            }
        }

        Assert.True(compared > 40000, $"only {compared} text symbols");
        Assert.True(differences.Count == 0, $"{differences.Count} of {compared} differ:\n" + string.Join("\n", differences.Take(30)));
    }

    [Fact]
    public void It_reads_module_symbols_from_kallsyms_at_the_address_the_guest_loaded_them()
    {
        var files = KernelSymbolMapReader.LoadKallsyms(SymbolData.Boot("kallsyms.txt.gz"));
        Assert.Contains(files, f => f.Path == "[dummy]");
        var symbolizer = new Symbolizer(files);
        ulong text = SymbolData.DummyTextAddress;
        var module = ElfSymbolReader.LoadModule(SymbolData.Boot("dummy.ko"), text);
        var withKo = new Symbolizer([SymbolData.Vmlinux, module]);

        // Every function of the .ko that survived init (kallsyms drops .init.text after loading) at the same address.
        int compared = 0;
        for (int i = 0; i < module.SymbolCount; i++)
        {
            var symbol = module.GetSymbol(i);
            if (symbol.Section != ".text" || symbol.Size == 0)
            {
                continue;
            }

            foreach (ulong pc in new[] { symbol.Address, symbol.Address + (symbol.Size / 2) })
            {
                compared++;
                int id = symbolizer.LookupId(pc);
                Assert.True(id >= 0, $"0x{pc:x} ({symbol.Name}) has no kallsyms symbol");
                Assert.Equal(withKo.GetSymbol(withKo.LookupId(pc)).Address, symbolizer.GetAddress(id));
                Assert.Equal("[dummy]", symbolizer.GetSymbol(id).ObjectFile);
            }
        }

        Assert.True(compared >= 10);
        Assert.Equal($"dummy_validate + 1 in section .text of [dummy]", symbolizer.DescribeLikeGdb(text + 0x11));
        Assert.StartsWith("dummy_validate + 1 in section .text of ", withKo.DescribeLikeGdb(text + 0x11));
    }
}
