using QemuTrace.Analysis;
using QemuTrace.Formats;
using QemuTrace.Formats.Blocks;
using QemuTrace.Symbols;

namespace QemuTrace.Tests.EndToEnd;

/// <summary>The committed block capture (data/blocks/init-to-poweroff.qtb.gz: every block from init's exec to power-off).</summary>
public class BlockCaptureDataTests
{
    private static string Capture => RepositoryData.PathOf("blocks", "init-to-poweroff.qtb.gz");

    [Fact]
    public void The_stream_parses_back_to_exactly_the_blocks_the_plugin_counted()
    {
        using var reader = (BlockTraceReader)TraceFile.Open(Capture);
        var record = default(TraceRecord);
        long records = 0;
        while (reader.Read(ref record))
        {
            records++;
        }

        var trailer = reader.Trailer!;
        Assert.NotNull(reader.Trailer);
        Assert.Equal((ulong)records, trailer.Records);
        Assert.Equal(trailer.InlineBlocks, trailer.Records);
        Assert.Equal(trailer.InlineInstructions, reader.Instructions);
        Assert.Empty(reader.Statistics.Warnings);
        Assert.Equal(0, reader.Statistics.OutOfOrder);
        Assert.Equal(BlockStartCondition.Pc, reader.Header.Start);
    }

    [Fact]
    public void The_exact_profile_adds_up_to_the_traced_time_and_the_instructions_counted()
    {
        var symbolizer = new Symbolizer([ElfSymbolReader.Load(RepositoryData.PathOf("boot", "vmlinux-symbols.gz"))]);
        using var reader = (BlockTraceReader)TraceFile.Open(Capture);
        var analysis = BootAnalyzer.Run(reader, new SymbolizerPcSource(symbolizer));

        Assert.Equal(analysis.DurationNs, analysis.AttributedNs);
        Assert.Equal(analysis.AttributedNs, analysis.Profile.Sum(p => p.TotalNs));
        Assert.Equal((long)reader.Trailer!.InlineInstructions, analysis.Instructions);
        Assert.Equal(analysis.Instructions, analysis.Profile.Sum(p => p.Instructions));
        Assert.Equal((long)reader.Trailer.InlineBlocks, analysis.Profile.Sum(p => p.Blocks));
        // The capture starts at run_init_process and ends at power-off; init's first block and the syscalls lie between.
        var names = analysis.Milestones.Select(m => m.Name).ToList();
        Assert.Equal(0, analysis.Milestones.Single(m => m.Name == "init exec").TimeNs);
        Assert.True(names.IndexOf("first user instruction") < names.IndexOf("first syscall"));
        Assert.True(names.IndexOf("first syscall") < names.IndexOf("power-off"));
        Assert.Equal(reader.Header.StartPc, analysis.FirstCalls[0].Pc);
    }
}
