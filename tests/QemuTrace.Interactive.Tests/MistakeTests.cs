using Microsoft.DotNet.Interactive.Events;

namespace QemuTrace.Interactive.Tests;

/// <summary>Issue 12 item 9: each mistake in a #!trace line is an error in the cell, with a suggestion when a name is close.</summary>
[Collection(LoadedBootCollection.Name)]
public sealed class MistakeTests(LoadedBootKernel loaded)
{
    private TraceKernel Kernel => loaded.Trace;

    private async Task<string> FailureOf(string code)
    {
        var result = await Kernel.SubmitAsync(code);
        return Assert.Single(result.Events.OfType<CommandFailed>()).Message;
    }

    [Fact]
    public async Task An_unknown_subcommand_is_an_error_not_the_help()
    {
        Assert.Contains("unknown subcommand `frobnicate`", await FailureOf("#!trace frobnicate"));
    }

    [Fact]
    public async Task A_typo_in_a_subcommand_suggests_the_subcommand()
    {
        Assert.Contains("did you mean `profile`?", await FailureOf("#!trace profiel"));
    }

    [Fact]
    public async Task An_unknown_option_is_an_error_naming_it()
    {
        var message = await FailureOf("#!trace profile --bogus-option 7");

        Assert.Contains("unknown option `--bogus-option`", message);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("lots")]
    public async Task Top_must_be_a_whole_number_of_rows(string top)
    {
        Assert.Equal($"#!trace: --top: expected a number of rows >= 0 (0: all rows), not `{top}`; e.g. --top 10", await FailureOf($"#!trace profile --top {top}"));
    }

    [Fact]
    public async Task Top_zero_shows_every_row_as_in_the_cli()
    {
        var all = TraceKernel.Html(await Kernel.SucceedAsync("#!trace syscalls --top 0 --name allSyscalls"));
        var some = TraceKernel.Html(await Kernel.SucceedAsync("#!trace syscalls --top 10 --name someSyscalls"));

        Assert.True(CountOf("<tr", all) > CountOf("<tr", some) + 100, "--top 0 shows every call");
    }

    [Fact]
    public async Task An_unquoted_path_with_spaces_says_to_quote_it()
    {
        Assert.Contains("double quotes", await FailureOf("#!trace load /tmp/my traces/boot.bin"));
    }

    [Fact]
    public async Task Time_bins_of_an_unknown_function_is_an_error_and_adds_no_column()
    {
        var message = await FailureOf("#!trace time-bins --function no_such_fn");
        await Kernel.SucceedAsync("#!trace time-bins");

        Assert.Contains("`no_such_fn` never ran in this trace", message);
        Assert.Equal(false, await Kernel.EvaluateAsync("timeBins.Columns.Any(c => c.Name.StartsWith(\"no_such_fn\"))"));
    }

    [Fact]
    public async Task A_function_chart_of_an_unknown_function_is_an_error_with_similar_names()
    {
        var message = await FailureOf("#!trace chart function:text_poke");

        Assert.Contains("`text_poke` never ran in this trace", message);
        Assert.Contains("__text_poke", message);
    }

    private static int CountOf(string part, string text) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
