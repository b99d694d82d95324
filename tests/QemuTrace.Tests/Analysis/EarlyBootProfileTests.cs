using QemuTrace.Analysis;
using QemuTrace.Formats;
using QemuTrace.Symbols;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Analysis;

public class EarlyBootProfileTests
{
    /// <summary>A protocol 2.15 header: 39 setup sectors, 0x7d2200 bytes of protected-mode code, init_size 0x3f97000.</summary>
    private static byte[] Header()
    {
        var h = new byte[0x268];
        h[0x1f1] = 39;
        BitConverter.GetBytes(0x7d220u).CopyTo(h, 0x1f4);
        "HdrS"u8.CopyTo(h.AsSpan(0x202));
        BitConverter.GetBytes((ushort)0x20f).CopyTo(h, 0x206);
        h[0x211] = 1; // LOADED_HIGH
        BitConverter.GetBytes(0x1000000UL).CopyTo(h, 0x258);
        BitConverter.GetBytes(0x3f97000u).CopyTo(h, 0x260);
        return h;
    }

    private static readonly BzImageLayout Layout = BzImageLayout.Parse(Header(), "test-bzImage");

    [Fact]
    public void The_header_places_setup_decompressor_and_its_relocated_copy_as_QEMU_loads_them()
    {
        Assert.Equal((0x10000UL, 0x5000UL, 0x100000UL, 0x7d2200UL, 0x1000000UL, 0x3f97000UL),
            (Layout.RealModeStart, Layout.RealModeSize, Layout.ProtectedModeStart, Layout.ProtectedModeSize, Layout.PreferredAddress, Layout.InitSize));
        Assert.Equal(EarlyBootPart.Firmware, Layout.Classify(0xfffffff0, false));
        Assert.Equal(EarlyBootPart.OptionRoms, Layout.Classify(0xcb060, false));
        Assert.Equal(EarlyBootPart.RealModeSetup, Layout.Classify(0x10200, false));
        Assert.Equal(EarlyBootPart.DecompressorEntry, Layout.Classify(0x100000, false));
        Assert.Equal(EarlyBootPart.RelocatedDecompressor, Layout.Classify(0x4f39ffe, false));
        Assert.Equal(EarlyBootPart.Kernel, Layout.Classify(0x4f39ffe, true));
    }

    [Fact]
    public void A_file_without_the_boot_protocol_magic_is_not_a_bzImage()
    {
        var e = Assert.Throws<TraceFormatException>(() => BzImageLayout.Parse(new byte[0x268], "vmlinux"));

        Assert.Equal("vmlinux: byte offset 514: expected the boot protocol magic HdrS: this is not a bzImage; give the kernel's vmlinuz, not vmlinux", e.Message);
    }

    [Fact]
    public void Parts_are_timed_counted_and_listed_in_the_order_they_first_ran_up_to_kernel_entry()
    {
        var bytes = BlockCaptures.Build(w =>
        {
            w.Add(0, 0, 0xfffffff0, 1);     // firmware 10
            w.Add(0, 10, 0xc0003, 5);       // ROM 5
            w.Add(0, 15, 0xf1000, 2);       // firmware 5
            w.Add(0, 20, 0xcb060, 4);       // ROM 10
            w.Add(0, 30, 0x10200, 7);       // setup 20
            w.Add(0, 50, 0x100000, 3);      // decompressor entry 50
            w.Add(0, 100, 0x4f39780, 9);    // relocated 900
            w.Add(0, 1000, 0x1000000, 8);   // kernel entry
            w.Add(0, 1100, 0x1000040, 8);   // not read
            w.Finish(1200, 1200);
        });
        using var reader = BlockCaptures.Open(bytes);

        var rows = EarlyBootProfile.Run(reader, Layout);

        Assert.Equal(
            ["Firmware 0-15 15ns 2b 3i 2v", "OptionRoms 10-20 15ns 2b 9i 2v", "RealModeSetup 30-30 20ns 1b 7i 1v",
             "DecompressorEntry 50-50 50ns 1b 3i 1v", "RelocatedDecompressor 100-100 900ns 1b 9i 1v", "Kernel 1000-1000 0ns 0b 0i 1v"],
            rows.Select(r => $"{r.Part} {r.FirstNs}-{r.LastNs} {r.TotalNs}ns {r.Blocks}b {r.Instructions}i {r.Visits}v"));
        Assert.Equal(8, reader.Statistics.Records);
    }

    [Fact]
    public void The_data_boot_runs_its_early_parts_in_the_expected_order_and_enters_the_kernel_at_the_milestone()
    {
        var layout = BzImageLayout.Load(RepositoryData.PathOf("boot", "vmlinuz-header.bin"));
        using var reader = TraceFile.Open(RepositoryData.PathOf("boot", "trace-simple-v4.bin.gz"), TraceEventsFile.Load(RepositoryData.PathOf("boot", "trace-events-all")));

        var rows = EarlyBootProfile.Run(reader, layout);

        Assert.Equal(
            [EarlyBootPart.Firmware, EarlyBootPart.OptionRoms, EarlyBootPart.RealModeSetup, EarlyBootPart.DecompressorEntry, EarlyBootPart.RelocatedDecompressor, EarlyBootPart.Kernel],
            rows.Select(r => r.Part));
        // Each later part starts after the previous one has finished running, except firmware and ROMs, which call each other.
        for (int i = 2; i + 1 < rows.Count; i++)
        {
            Assert.True(rows[i].LastNs < rows[i + 1].FirstNs, $"{rows[i].Part} ends after {rows[i + 1].Part} starts");
        }

        Assert.Equal(RepositoryData.Boot.Milestones.Single(m => m.Name == BootAnalyzer.KernelEntryMilestone).TimeNs, rows[^1].FirstNs);
    }
}
