using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;

namespace QemuTrace.Interactive.Tests;

[Collection(LoadedBootCollection.Name)]
public sealed class RunCommandTests(LoadedBootKernel loaded)
{
    private TraceKernel Kernel => loaded.Trace;

    private static string Failure(Microsoft.DotNet.Interactive.KernelCommandResult result) =>
        Assert.Single(result.Events.OfType<CommandFailed>()).Message;

    private const string CountingPass = """
        using QemuTrace.Analysis.Passes;
        sealed class BlockCounter : ITracePass
        {
            public long Seen, OwnedNs, Finished;
            public void Blocks(ReadOnlySpan<TraceBlock> blocks)
            {
                foreach (ref readonly var b in blocks) { Seen++; OwnedNs += b.PreviousDurationNs; }
            }
            public void Finish(TraceStreamEnd end) => Finished++;
        }
        var counter = new BlockCounter();
        var second = new BlockCounter();
        """;

    [Fact]
    public async Task Run_takes_a_pass_written_in_a_cell_over_every_block_of_the_trace_with_the_built_in_analyses()
    {
        await Kernel.SucceedAsync(CountingPass);

        var result = await Kernel.SucceedAsync("#!trace run --pass counter --pass second");

        var boot = CoreReference.Boot;
        Assert.Contains("ran BlockCounter, BlockCounter over", TraceKernel.Text(result));
        Assert.Equal(boot.BlockRecords, await Kernel.EvaluateAsync("counter.Seen"));
        Assert.Equal(boot.AttributedNs, await Kernel.EvaluateAsync("counter.OwnedNs"));
        Assert.Equal(1L, await Kernel.EvaluateAsync("counter.Finished"));
        Assert.Equal(boot.BlockRecords, await Kernel.EvaluateAsync("second.Seen"));
        Assert.Equal(boot.AttributedNs, await Kernel.EvaluateAsync("analysis.AttributedNs"));
    }

    [Fact]
    public async Task Run_names_a_variable_that_does_not_exist_or_is_not_a_pass()
    {
        var missing = await Kernel.SubmitAsync("#!trace run --pass nosuchpass");
        Assert.Contains("no C# variable `nosuchpass`", Failure(missing));

        await Kernel.SucceedAsync("var notAPass = 42;");
        var wrong = await Kernel.SubmitAsync("#!trace run --pass notAPass");
        Assert.Contains("is not an analysis pass", Failure(wrong));
    }
}
