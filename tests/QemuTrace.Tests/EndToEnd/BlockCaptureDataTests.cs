using QemuTrace.Analysis;
using QemuTrace.Formats;
using QemuTrace.Formats.Blocks;
using QemuTrace.Symbols;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.EndToEnd;

/// <summary>The committed block capture (data/blocks/init-to-poweroff.qtb.gz: every block from init's exec to power-off).</summary>
public class BlockCaptureDataTests
{
    private static readonly Lazy<(BootAnalysis Analysis, BlockTraceHeader Header, BlockTraceTrailer? Trailer)> Analyzed = new(() =>
    {
        var symbolizer = new Symbolizer([RepositoryData.Vmlinux]);
        using var reader = (BlockTraceReader)TraceFile.Open(Capture);
        var analysis = BootAnalyzer.Run(reader, new SymbolizerPcSource(symbolizer));
        return (analysis, reader.Header, reader.Trailer);
    });

    private static string Capture => RepositoryData.PathOf("blocks", "init-to-poweroff.qtb.gz");

    [Fact]
    public void The_stream_parses_back_to_exactly_the_blocks_the_plugin_counted()
    {
        var (reader, _) = BlockCaptures.ReadAgainstTrailer(Capture);
        using var disposing = reader;
        Assert.Empty(reader.Statistics.Warnings);
        Assert.Equal(0, reader.Statistics.OutOfOrder);
        Assert.Equal(BlockStartCondition.Pc, reader.Header.Start);
    }

    [Fact]
    public void The_exact_profile_adds_up_to_the_traced_time_and_the_instructions_counted()
    {
        var (analysis, header, trailer) = Analyzed.Value;

        Assert.Equal(analysis.DurationNs, analysis.AttributedNs);
        Assert.Equal(analysis.AttributedNs, analysis.Profile.Sum(p => p.TotalNs));
        Assert.Equal((long)trailer!.InlineInstructions, analysis.Instructions);
        Assert.Equal(analysis.Instructions, analysis.Profile.Sum(p => p.Instructions));
        Assert.Equal((long)trailer.InlineBlocks, analysis.Profile.Sum(p => p.Blocks));
        Assert.Equal(header.StartPc, analysis.FirstCalls[0].Pc);
    }

    [Fact]
    public void The_window_runs_from_init_exec_through_user_space_and_its_syscalls_to_power_off()
    {
        var milestones = Analyzed.Value.Analysis.Milestones;
        long At(string name) => milestones.Single(m => m.Name == name).TimeNs;

        Assert.Equal(0, At("init exec"));
        Assert.True(At("first user instruction") < At("first syscall"));
        Assert.True(At("first syscall") < At("power-off"));
    }

    [Fact]
    public void Every_syscall_of_a_block_capture_is_named_by_its_handler()
    {
        var syscalls = Analyzed.Value.Analysis.Syscalls;

        Assert.True(syscalls.Count > 1_000, $"{syscalls.Count} syscalls");
        Assert.All(syscalls, s => Assert.Equal(SyscallNaming.Handler, s.NamedBy));
    }
}
