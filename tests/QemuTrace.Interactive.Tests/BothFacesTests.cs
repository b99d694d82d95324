using Microsoft.DotNet.Interactive.Events;
using QemuTrace.Session;
using QemuTrace.Tests.Support;

namespace QemuTrace.Interactive.Tests;

/// <summary>
/// Issue 9 item 1: the CLI and <c>#!trace</c> refuse the same bad input with the same core message (after their own
/// prefix, <c>qtrace: error: </c> or <c>#!trace: </c>, and the option as each spells it).
/// </summary>
[Collection(LoadedBootCollection.Name)]
public sealed class BothFacesTests(LoadedBootKernel loaded)
{
    private static readonly string Trace = TraceKernel.Data("trace-simple-v4.bin.gz");
    private static readonly string Vmlinux = TraceKernel.Data("vmlinux-symbols.gz");

    private TraceKernel Kernel => loaded.Trace;

    /// <summary>The CLI's one error line without <c>qtrace: error: </c>; the run must fail.</summary>
    private static string CliError(params string[] args)
    {
        var result = Qtrace.Run(args);
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("qtrace: error: ", line);
        return line["qtrace: error: ".Length..];
    }

    /// <summary>The cell's failure without <c>#!trace: </c>.</summary>
    private async Task<string> NotebookError(string code)
    {
        var result = await Kernel.SubmitAsync(code);
        var message = Assert.Single(result.Events.OfType<CommandFailed>()).Message;
        Assert.StartsWith("#!trace: ", message);
        return message["#!trace: ".Length..];
    }

    private static string Without(string option, string message)
    {
        Assert.StartsWith(option + ": ", message);
        return message[(option.Length + 2)..];
    }

    [Fact]
    public async Task A_one_nanosecond_bin_is_refused_by_both_with_the_core_message()
    {
        var core = Assert.Throws<InputException>(() => BinWidth.Check(1, "--bin")).Detail;

        var cli = Without("--bin-ms", CliError("time-bins", Trace, "--vmlinux", Vmlinux, "--bin-ms", "0.000001"));
        var notebook = Without("--bin", await NotebookError("#!trace time-bins --bin 1ns"));

        Assert.Equal(core, cli);
        Assert.Equal(core, notebook);
    }

    [Fact]
    public async Task A_function_that_never_ran_is_refused_by_both_with_the_same_similar_names()
    {
        var cli = Without("--function", CliError("time-bins", Trace, "--vmlinux", Vmlinux, "--function", "text_poke"));
        var notebook = Without("--function", await NotebookError("#!trace time-bins --function text_poke"));

        Assert.StartsWith("`text_poke` never ran in this trace", cli);
        Assert.Contains("__text_poke", cli);
        Assert.Equal(cli, notebook);
    }

    [Fact]
    public async Task A_negative_top_is_refused_by_both_with_the_core_message()
    {
        var core = Assert.Throws<InputException>(() => RowCount.Parse("-1", "--top")).Message;

        Assert.Equal(core, CliError("profile", Trace, "--vmlinux", Vmlinux, "--top", "-1"));
        Assert.Equal(core, await NotebookError("#!trace profile --top -1"));
    }

    [Fact]
    public async Task A_missing_trace_is_refused_by_both_with_the_same_message()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"qtrace-missing-{Guid.NewGuid():N}.bin");

        var cli = CliError("profile", missing, "--vmlinux", Vmlinux);
        var notebook = await NotebookError($"#!trace load {missing}");

        Assert.Contains(missing, cli);
        Assert.Equal(cli, notebook);
    }

    [Fact]
    public async Task A_user_binary_without_its_base_is_refused_by_both_with_the_same_message()
    {
        var cli = CliError("profile", Trace, "--vmlinux", Vmlinux, "--user", "busybox");
        var notebook = await NotebookError($"#!trace symbols --vmlinux {Vmlinux} --user busybox");

        Assert.Equal("--user: `busybox`: expected BINARY@BASE, e.g. busybox@0x400000", cli);
        Assert.Equal(cli, notebook);
    }
}
