using System.Globalization;
using QemuTrace.Analysis;
using QemuTrace.Formats;
using QemuTrace.Symbols;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.EndToEnd;

/// <summary>The KASLR boot of data/kaslr analysed once, with the offset found from the trace and the module's sections placed.</summary>
public sealed class KaslrBootAnalysis
{
    public KaslrBootAnalysis()
    {
        var trace = RepositoryData.PathOf("kaslr", "trace-kaslr-v4.bin.gz");
        var sections = File.ReadLines(RepositoryData.PathOf("kaslr", "module-sections.txt")).Select(l => l.Split(' ')).ToDictionary(f => f[0], f => f[1]);
        Symbols = SymbolLoader.Load(new SymbolSources
        {
            Vmlinux = RepositoryData.PathOf("boot", "vmlinux-symbols.gz"),
            KaslrOffset = "auto",
            Trace = trace,
            Modules = [RepositoryData.PathOf("boot", "dummy.ko") + $"@.text={sections[".text"]},.init.text={sections[".init.text"]}"],
        }, out var kaslr);
        Kaslr = kaslr!;
        using var reader = TraceFile.Open(trace, TraceEventsFile.Load(RepositoryData.PathOf("boot", "trace-events-all")));
        Analysis = BootAnalyzer.Run(reader, new SymbolizerPcSource(Symbols));
    }

    public Symbolizer Symbols { get; }

    public KaslrEstimate Kaslr { get; }

    public BootAnalysis Analysis { get; }

    /// <summary>The key/value file the independent script made from the trace, the guest's kallsyms and /proc/iomem.</summary>
    public static Dictionary<string, string> Expected() =>
        File.ReadLines(RepositoryData.PathOf("kaslr", "expected", "kaslr.tsv")).Skip(1).Select(l => l.Split('\t')).ToDictionary(f => f[0], f => f[1]);
}

/// <summary>
/// Boots the landed tree had never seen: a KASLR boot whose kernel sits above 0xffffffffa0000000, and a trace that
/// dropped events. Expected values come from data/capture/expected_from_trace.py (simpletrace.py's decode, the
/// guest's kallsyms and /proc/iomem) and gdb.
/// </summary>
public sealed class KaslrAndDroppedBootTests(KaslrBootAnalysis boot) : IClassFixture<KaslrBootAnalysis>
{
    private static long Ns(string text) => long.Parse(text, CultureInfo.InvariantCulture);

    private static ulong Hex(string text) => ulong.Parse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    [Fact]
    public void The_kaslr_offset_found_from_the_trace_is_the_guests_own()
    {
        Assert.Equal(Hex(KaslrBootAnalysis.Expected()["kaslr_offset"]), boot.Kaslr.Offset);
    }

    [Fact]
    public void The_kaslr_kernel_is_counted_as_kernel_and_the_regions_match_the_first_principles_script()
    {
        var expected = File.ReadLines(RepositoryData.PathOf("kaslr", "expected", "region-times.tsv")).Skip(1).Select(l => l.Split('\t'))
            .Where(f => f[1] != "0").ToDictionary(f => f[0], f => (TotalNs: Ns(f[1]), Blocks: Ns(f[3])));
        var actual = boot.Analysis.Regions.ToDictionary(r => BootRegions.Name(r.Region), r => (r.TotalNs, r.Blocks));

        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.All(expected, e => Assert.Equal(e.Value.Blocks, actual[e.Key].Blocks));
        Assert.True(actual["kernel"].TotalNs > 9_000_000_000, $"kernel {actual["kernel"].TotalNs} ns");
        Assert.True(actual["modules"].TotalNs < 1_000_000, $"modules {actual["modules"].TotalNs} ns");
    }

    [Fact]
    public void Kernel_entry_is_startup_64_at_the_kaslr_physical_address_and_the_first_user_instruction_follows_init()
    {
        var expected = KaslrBootAnalysis.Expected();
        var milestones = boot.Analysis.Milestones.ToDictionary(m => m.Name);

        var entry = milestones[BootAnalyzer.KernelEntryMilestone];
        Assert.Equal((Ns(expected["phys_entry_time_ns"]), Hex(expected["phys_entry_pc"])), (entry.TimeNs, entry.Pc));
        Assert.Equal(Hex(expected["guest_iomem_kernel_code_start"]), entry.Pc);
        var virtualStart = milestones["first kernel virtual address"];
        Assert.Equal((Ns(expected["first_kernel_virtual_time_ns"]), Hex(expected["first_kernel_virtual_pc"])), (virtualStart.TimeNs, virtualStart.Pc));
        var user = milestones["first user instruction"];
        Assert.Equal((Ns(expected["first_user_time_ns"]), Hex(expected["first_user_pc"])), (user.TimeNs, user.Pc));
        Assert.True(milestones["init exec"].TimeNs < user.TimeNs);
        Assert.Contains(boot.Analysis.Stages, s => s.Name == "init exec → first user instruction");
        Assert.DoesNotContain(boot.Analysis.Stages, s => s.Name.StartsWith("compressed kernel (0x100000) → first kernel virtual address", StringComparison.Ordinal));
    }

    [Fact]
    public void Kaslr_kernel_pcs_and_module_init_code_are_named_as_gdb_names_them()
    {
        var samples = File.ReadLines(RepositoryData.PathOf("kaslr", "expected", "gdb-info-symbol-sample.tsv")).Skip(1)
            .Concat(File.ReadLines(RepositoryData.PathOf("kaslr", "expected", "gdb-info-symbol-module.tsv")).Skip(1))
            .Select(l => l.Split('\t')).ToList();
        var module = boot.Symbols.Files.Single(f => f.Kind == SymbolSourceKind.ElfModule);
        var kernel = boot.Symbols.Files[0];
        var mismatches = samples
            .Select(s => (s[0], Gdb: s[1], Ours: boot.Symbols.DescribeLikeGdb(Hex(s[0]), s[0]).Replace(module.Path, "/DATA/dummy.ko").Replace(" of " + kernel.Path, "")))
            .Where(s => s.Gdb != s.Ours).Select(s => $"{s.Item1}: gdb `{s.Gdb}`, we `{s.Ours}`").ToList();

        Assert.True(samples.Count > 3000, $"{samples.Count} samples");
        Assert.Contains(samples, s => s[1].Contains(".init.text", StringComparison.Ordinal));
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(20)));
        Assert.DoesNotContain(boot.Analysis.Profile, p => p.Function == "[modules]");
    }

    [Fact]
    public void Each_drop_is_placed_after_the_buffered_records_exactly_where_the_first_principles_script_puts_it()
    {
        var expected = File.ReadLines(RepositoryData.PathOf("dropped", "expected", "drops.tsv")).Skip(1).Select(l => l.Split('\t'))
            .Select(f => (Count: ulong.Parse(f[2], CultureInfo.InvariantCulture), Offset: Ns(f[1]), Start: Ns(f[10]), End: Ns(f[11]))).ToList();
        var symbols = new SymbolizerPcSource(new Symbolizer([RepositoryData.Vmlinux]));
        using var reader = TraceFile.Open(RepositoryData.PathOf("dropped", "trace-dropped-v4.bin.gz"), TraceEventsFile.Load(RepositoryData.PathOf("boot", "trace-events-all")));
        var analysis = BootAnalyzer.Run(reader, symbols);

        // The script's times are since the first record, as ours are.
        Assert.Equal(52, expected.Count);
        Assert.Equal(expected, analysis.DroppedEventGaps.Select(g => (g.Count, g.DropRecordPosition, g.StartNs, g.EndNs)).ToList());
        Assert.All(analysis.DroppedEventGaps, g => Assert.Equal(6553, g.RecordsAfterDropRecord));
        Assert.Equal(expected.Count, analysis.IntervalsSpanningDrops);
        // The flagged intervals run from block record to block record, so they hold each gap and at most an exit around it.
        Assert.InRange(analysis.NsSpanningDrops, expected.Sum(e => e.End - e.Start), expected.Sum(e => e.End - e.Start) + 1_000_000);
    }
}
