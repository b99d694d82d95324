using Microsoft.DotNet.Interactive.Events;
using QemuTrace.Interactive.Charts;

namespace QemuTrace.Interactive.Tests;

[Collection(LoadedBootCollection.Name)]
public sealed class ChartCommandTests(LoadedBootKernel loaded)
{
    private TraceKernel Kernel => loaded.Trace;

    [Fact]
    public async Task The_first_chart_of_a_notebook_embeds_plotly_and_later_ones_reuse_it_with_no_cdn()
    {
        using var fresh = new TraceKernel();
        await fresh.LoadBootAsync();
        var first = TraceKernel.Html(await fresh.SucceedAsync("#!trace chart top --top 10"));
        var second = TraceKernel.Html(await fresh.SucceedAsync("#!trace chart regions"));
        Assert.True(first.Length > 1_000_000, "the first chart carries plotly.js");
        Assert.True(second.Length < 1_000_000, "later charts reuse it");
        Assert.DoesNotContain("<script src=\"http", first + second);
        Assert.DoesNotContain("require.config", first + second);
        Assert.IsType<TraceChart>(await fresh.EvaluateAsync("chart"));
    }

    [Theory]
    [InlineData("timeline")]
    [InlineData("first-calls")]
    [InlineData("syscalls")]
    [InlineData("function:__text_poke")]
    [InlineData("function --function __text_poke")]
    public async Task Every_standard_chart_draws(string kind)
    {
        var html = TraceKernel.Html(await Kernel.SucceedAsync($"#!trace chart {kind}"));
        Assert.Contains("Plotly", html);
    }

    [Fact]
    public async Task The_address_spaces_chart_of_a_syscall_capture_marks_execve_clone_and_exit_group()
    {
        using var capture = new TraceKernel();
        await capture.SucceedAsync($"#!trace load {RepositoryData.PathOf("syscalls", "syscalls.log.gz")}");
        await capture.SucceedAsync($"#!trace symbols --vmlinux {RepositoryData.PathOf("boot", "vmlinux-symbols.gz")}");

        var html = TraceKernel.Html(await capture.SucceedAsync("#!trace chart address-spaces"));

        Assert.Contains("System calls per address space", html);
        Assert.Contains("execve (12)", html);
        Assert.Contains("clone (30)", html);
        Assert.Contains("exit_group (29)", html);
    }

    [Fact]
    public async Task An_unknown_chart_kind_fails_naming_the_kinds()
    {
        var result = await Kernel.SubmitAsync("#!trace chart pie");
        Assert.Contains("top", Assert.Single(result.Events.OfType<CommandFailed>()).Message);
    }
}
