using QemuTrace.Symbols;

namespace QemuTrace.Tests.Symbols;

/// <summary>The symbolizer against real gdb 13's `info symbol` over the data/ kernel (data/symbols/make-gdb-expected.sh).</summary>
public class GdbAnswerTests
{
    [Fact]
    public void It_answers_like_gdb_for_every_address_in_the_expected_file()
    {
        var expected = SymbolData.ReadExpected(SymbolData.Symbols("gdb-expected.txt"));
        var symbolizer = new Symbolizer([SymbolData.Vmlinux]);
        var mismatches = expected
            .Select(e => (e.Address, e.Answer, Actual: symbolizer.DescribeLikeGdb(SymbolData.ParseHex(e.Address), e.Address)))
            .Where(e => e.Answer != e.Actual)
            .Select(e => $"{e.Address}: gdb `{e.Answer}`, we `{e.Actual}`")
            .ToList();
        Assert.True(expected.Count > 4000, $"only {expected.Count} addresses");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {expected.Count} differ:\n" + string.Join("\n", mismatches.Take(30)));
    }

    [Fact]
    public void It_answers_like_gdb_with_the_module_added_at_its_load_address()
    {
        var expected = SymbolData.ReadExpected(SymbolData.Symbols("gdb-expected-module.txt"));
        var kernel = SymbolData.Vmlinux;
        var module = ElfSymbolReader.LoadModule(SymbolData.Boot("dummy.ko"), SymbolData.DummyTextAddress);
        var symbolizer = new Symbolizer([kernel, module]);
        var mismatches = expected
            .Select(e => (e.Address, e.Answer, Actual: symbolizer.DescribeLikeGdb(SymbolData.ParseHex(e.Address), e.Address)
                .Replace(kernel.Path, "/DATA/vmlinux").Replace(module.Path, "/DATA/dummy.ko")))
            .Where(e => e.Answer != e.Actual)
            .Select(e => $"{e.Address}: gdb `{e.Answer}`, we `{e.Actual}`")
            .ToList();
        Assert.True(expected.Count > 500, $"only {expected.Count} addresses");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {expected.Count} differ:\n" + string.Join("\n", mismatches.Take(30)));
    }

    [Theory]
    [InlineData("per-section")]
    [InlineData("sections-dump")]
    public void It_names_module_init_code_like_gdb_with_the_init_text_section_placed(string form)
    {
        // gdb: add-symbol-file dummy.ko TEXT -s .init.text INIT (data/symbols/make-gdb-expected-module-init.sh).
        var expected = SymbolData.ReadExpected(SymbolData.Symbols("gdb-expected-module-init.txt"));
        var sections = File.ReadLines(SymbolData.Boot("module-sections.txt")).Select(l => l.Split(' ')).ToDictionary(f => f[0], f => f[1]);
        string where = form == "per-section"
            ? $".text={sections[".text"]},.init.text={sections[".init.text"]}"
            : SymbolData.Boot("module-sections.txt");
        var (path, placed) = SymbolLoader.ParseModule(SymbolData.Boot("dummy.ko") + "@" + where);
        var kernel = SymbolData.Vmlinux;
        var module = ElfSymbolReader.LoadModule(path, placed);
        var symbolizer = new Symbolizer([kernel, module]);
        var mismatches = expected
            .Select(e => (e.Address, e.Answer, Actual: symbolizer.DescribeLikeGdb(SymbolData.ParseHex(e.Address), e.Address)
                .Replace(kernel.Path, "/DATA/vmlinux").Replace(module.Path, "/DATA/dummy.ko")))
            .Where(e => e.Answer != e.Actual)
            .Select(e => $"{e.Address}: gdb `{e.Answer}`, we `{e.Actual}`")
            .ToList();
        Assert.Contains(expected, e => e.Answer.Contains("in section .init.text of", StringComparison.Ordinal));
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {expected.Count} differ:\n" + string.Join("\n", mismatches.Take(30)));
    }

    [Fact]
    public void A_module_section_the_ko_does_not_have_is_refused_with_the_sections_it_has()
    {
        var error = Assert.Throws<QemuTrace.Formats.TraceFormatException>(() =>
            SymbolLoader.Load(new SymbolSources { Vmlinux = SymbolData.Boot("vmlinux-symbols.gz"), Modules = [SymbolData.Boot("dummy.ko") + "@.text=0xffffffffc0201000,.init.txt=0xffffffffc0206000"] }, out _));
        Assert.Contains("no allocated section `.init.txt`", error.Message);
        Assert.Contains(".init.text", error.Message);
    }

    [Fact]
    public void Its_symbol_ids_name_the_symbol_gdb_names_at_the_right_offset()
    {
        var symbolizer = new Symbolizer([SymbolData.Vmlinux]);
        foreach (var (address, answer) in SymbolData.ReadExpected(SymbolData.Symbols("gdb-expected.txt")))
        {
            ulong pc = SymbolData.ParseHex(address);
            int id = symbolizer.LookupId(pc);
            Assert.Equal(id, symbolizer.LookupIdUncached(pc));
            Assert.Equal(id, symbolizer.LookupId(pc));
            if (answer.StartsWith("No symbol matches", StringComparison.Ordinal))
            {
                Assert.Equal(-1, id);
                continue;
            }

            Assert.True(id >= 0, address);
            var symbol = symbolizer.GetSymbol(id);
            ulong offset = pc - symbol.Address;
            string expectedStart = offset == 0 ? $"{symbol.Name} in section {symbol.Section}" : $"{symbol.Name} + {offset} in section {symbol.Section}";
            Assert.Equal(answer, expectedStart);
        }
    }

    [Fact]
    public void It_looks_up_a_span_of_pcs_like_one_at_a_time()
    {
        var symbolizer = new Symbolizer([SymbolData.Vmlinux]);
        var pcs = SymbolData.ReadExpected(SymbolData.Symbols("gdb-expected.txt")).Select(e => SymbolData.ParseHex(e.Address)).ToArray();
        pcs = [.. pcs, .. pcs.Reverse()];
        var ids = new int[pcs.Length];
        symbolizer.LookupIds(pcs, ids);
        Assert.Equal(pcs.Select(symbolizer.LookupIdUncached), ids);
    }

    [Fact]
    public void It_reads_the_kernel_entry_point_and_names_the_firmware_pcs_gdb_gives_per_cpu_symbols()
    {
        var symbolizer = new Symbolizer([SymbolData.Vmlinux]);
        Assert.Equal(0x1000000UL, symbolizer.ElfEntryPoint);
        Assert.Equal("cpu_tss_rw + 7168 in section .data..percpu", symbolizer.DescribeLikeGdb(0x7c00));
        var regions = symbolizer.Regions;
        Assert.Equal(AddressRegion.Firmware, regions.Classify(0x7c00, kernelStarted: false));
        Assert.Equal(AddressRegion.Firmware, regions.Classify(0xfe05b, kernelStarted: false));
        Assert.Equal(AddressRegion.Firmware, regions.Classify(0xfffffff0, kernelStarted: false));
        Assert.Equal(AddressRegion.EarlyBoot, regions.Classify(0x1000000, kernelStarted: false));
        Assert.Equal(AddressRegion.Kernel, regions.Classify(0xffffffff81569ffe, kernelStarted: true));
        Assert.Equal(AddressRegion.Modules, regions.Classify(0xffffffffc0201000, kernelStarted: true));
        Assert.Equal(AddressRegion.User, regions.Classify(0x7ffe91743958, kernelStarted: true));
        Assert.Equal(AddressRegion.User, regions.Classify(0x44affc, kernelStarted: true));
        Assert.Equal(AddressRegion.User, regions.Classify(0xffffffffff600000, kernelStarted: true));
        Assert.Equal(AddressRegion.Kernel, regions.Classify(0xfffffe0000001000, kernelStarted: true));
        Assert.Equal(AddressRegion.Other, regions.Classify(0xffff888000000000, kernelStarted: true));
        Assert.Equal("[bios]", AddressRegions.PseudoFunctionName(AddressRegion.Firmware));
        Assert.Equal("[early-boot]", AddressRegions.PseudoFunctionName(AddressRegion.EarlyBoot));
    }

    [Fact]
    public void A_kaslr_kernel_above_the_module_area_start_is_kernel_and_only_loaded_modules_are_modules()
    {
        // The KASLR boot that exposed the bug had its text at 0xffffffffb3400000, above 0xffffffffa0000000.
        const ulong offset = 0x32400000;
        var kernel = SymbolData.Vmlinux.WithKaslrOffset(offset);
        var module = ElfSymbolReader.LoadModule(SymbolData.Boot("dummy.ko"), 0xffffffffc0201000);
        var regions = new Symbolizer([kernel, module]).Regions;

        Assert.Equal((0xffffffff81000000UL + offset, kernel.GetSymbol(kernel.IndexOf("_end")).Address), regions.KernelImage);
        Assert.Equal(AddressRegion.Kernel, regions.Classify(0xffffffff81569ffe + offset, kernelStarted: true));
        // .altinstr_aux has code but no symbols; it lies inside [_text, _end).
        var altinstrAux = kernel.Sections.Single(s => s.Name == ".altinstr_aux");
        Assert.Equal(AddressRegion.Kernel, regions.Classify(altinstrAux.Address + 4, kernelStarted: true));
        Assert.Equal(AddressRegion.Modules, regions.Classify(0xffffffffc0201000, kernelStarted: true));
        Assert.Equal(AddressRegion.Modules, regions.Classify(0xffffffffc8000000, kernelStarted: true));
        Assert.Equal(AddressRegion.Kernel, AddressMap.Default.Classify(0xffffffff81569ffe, kernelStarted: true));
        Assert.Equal(AddressRegion.Modules, AddressMap.Default.Classify(0xffffffffb3500000, kernelStarted: true));
    }
}
