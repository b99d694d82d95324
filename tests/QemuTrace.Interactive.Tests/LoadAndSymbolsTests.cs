using Microsoft.DotNet.Interactive.Events;
using QemuTrace.Session;

namespace QemuTrace.Interactive.Tests;

public sealed class LoadAndSymbolsTests : IDisposable
{
    private readonly TraceKernel _kernel = new();

    [Fact]
    public async Task Trace_help_lists_every_subcommand()
    {
        var text = TraceKernel.Text(await _kernel.SucceedAsync("#!trace --help"));
        foreach (var sub in new[] { "load", "symbols", "profile", "first-calls", "milestones", "syscalls", "time-bins", "chart", "records", "sql", "info", "record" })
        {
            Assert.Contains($"#!trace {sub}:", text);
            Assert.Contains(sub, text.Split('\n')[0]);
        }
    }

    [Fact]
    public async Task A_subcommand_help_lists_its_options()
    {
        var text = TraceKernel.Text(await _kernel.SucceedAsync("#!trace symbols --help"));
        Assert.Contains("--kaslr-offset", text);
        Assert.Contains("--system-map", text);
    }

    [Fact]
    public async Task Load_shows_the_summary_and_binds_the_session_to_trace()
    {
        var result = await _kernel.SucceedAsync($"#!trace load {TraceKernel.Data("trace-simple-v4.bin.gz")} --events {TraceKernel.Data("trace-events-all")}");
        Assert.Contains("QEMU trace", TraceKernel.Html(result));
        Assert.Contains("Simple", TraceKernel.Html(result));
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(TraceKernel.Html(result), "not read yet"));
        var format = await _kernel.EvaluateAsync("trace.Format.ToString()");
        Assert.Equal("Simple", format);
        Assert.IsType<TraceSession>(await _kernel.EvaluateAsync("trace"));
    }

    [Fact]
    public async Task Load_with_a_name_binds_that_variable()
    {
        await _kernel.SucceedAsync($"#!trace load {TraceKernel.Data("trace-simple-v4.bin.gz")} --name boot");
        Assert.Equal(4, await _kernel.EvaluateAsync("boot.LogVersion"));
    }

    [Fact]
    public async Task Load_with_a_time_window_binds_the_records_of_that_window()
    {
        await _kernel.SucceedAsync($"#!trace load {TraceKernel.Data("trace-simple-v4.bin.gz")} --events {TraceKernel.Data("trace-events-all")} --from 1ms --to 2ms --max-rows 500");
        var rows = (long)(await _kernel.EvaluateAsync("records.Rows.Count"))!;
        Assert.InRange(rows, 1, 500);
        var first = (long)(await _kernel.EvaluateAsync("(long)records[\"time_ns\"][0]"))!;
        Assert.InRange(first, 1_000_000, 2_000_000);
    }

    [Fact]
    public async Task Loading_a_missing_file_fails_with_the_core_message_and_the_kernel_stays_usable()
    {
        var result = await _kernel.SubmitAsync("#!trace load /nonexistent/trace.bin");
        var failed = Assert.Single(result.Events.OfType<CommandFailed>());
        Assert.Contains("/nonexistent/trace.bin", failed.Message);
        Assert.DoesNotContain("   at ", failed.Message);
        Assert.Equal(2, await _kernel.EvaluateAsync("1 + 1"));
    }

    [Fact]
    public async Task A_bad_input_format_name_fails_with_the_cores_list_of_names()
    {
        var result = await _kernel.SubmitAsync($"#!trace load {TraceKernel.Data("trace-simple-v4.bin.gz")} --input-format csv");
        Assert.Contains("--input-format: `csv` is not an input format; give one of simple, log, simpletrace, timestamp-pc, blocks", Assert.Single(result.Events.OfType<CommandFailed>()).Message);
    }

    [Fact]
    public async Task An_input_format_loads_the_trace_without_sniffing()
    {
        await _kernel.SucceedAsync($"#!trace load {TraceKernel.Data("trace-simple-v4.bin.gz")} --input-format simple --events {TraceKernel.Data("trace-events-all")}");
        Assert.Equal(QemuTrace.Formats.TraceFormat.Simple, await _kernel.EvaluateAsync("trace.Format"));
    }

    [Fact]
    public async Task A_bad_variable_name_fails()
    {
        var result = await _kernel.SubmitAsync($"#!trace load {TraceKernel.Data("trace-simple-v4.bin.gz")} --name 2fast");
        Assert.Contains("is not a C# variable name", Assert.Single(result.Events.OfType<CommandFailed>()).Message);
    }

    [Fact]
    public async Task Symbols_before_load_fails_saying_what_to_do()
    {
        var result = await _kernel.SubmitAsync($"#!trace symbols --vmlinux {TraceKernel.Data("vmlinux-symbols.gz")}");
        Assert.Contains("#!trace load", Assert.Single(result.Events.OfType<CommandFailed>()).Message);
    }

    [Fact]
    public async Task Symbols_load_the_vmlinux_and_show_them_in_the_summary()
    {
        await _kernel.SucceedAsync($"#!trace load {TraceKernel.Data("trace-simple-v4.bin.gz")}");
        var result = await _kernel.SucceedAsync($"#!trace symbols --vmlinux {TraceKernel.Data("vmlinux-symbols.gz")}");
        Assert.Contains("vmlinux-symbols.gz", TraceKernel.Html(result));
        Assert.DoesNotContain("QEMU trace", TraceKernel.Html(result));
        Assert.True((int)(await _kernel.EvaluateAsync("trace.Symbols.SymbolCount"))! > 10_000);
    }

    [Fact]
    public async Task Symbols_with_a_bad_kaslr_offset_fail_with_the_core_message()
    {
        await _kernel.SucceedAsync($"#!trace load {TraceKernel.Data("trace-simple-v4.bin.gz")}");
        var result = await _kernel.SubmitAsync($"#!trace symbols --vmlinux {TraceKernel.Data("vmlinux-symbols.gz")} --kaslr-offset zz");
        Assert.Contains("is not a hex number", Assert.Single(result.Events.OfType<CommandFailed>()).Message);
    }

    [Fact]
    public async Task Symbols_take_a_userspace_elf_at_its_base_as_the_cli_does()
    {
        const string user = "/bin/true";
        Assert.True(File.Exists(user), "a userspace ELF to place");
        await _kernel.SucceedAsync($"#!trace load {TraceKernel.Data("trace-simple-v4.bin.gz")}");

        await _kernel.SucceedAsync($"#!trace symbols --vmlinux {TraceKernel.Data("vmlinux-symbols.gz")} --user {user}@0x400000");

        Assert.Equal(true, await _kernel.EvaluateAsync($"trace.Symbols.Files.Any(f => f.Path == \"{user}\")"));
    }

    [Fact]
    public async Task Symbols_take_a_module_at_its_text_address_and_an_auto_kaslr_offset()
    {
        await _kernel.SucceedAsync($"#!trace load {TraceKernel.Data("trace-simple-v4.bin.gz")}");
        var text = File.ReadLines(TraceKernel.Data("module-sections.txt")).Single(l => l.StartsWith(".text ", StringComparison.Ordinal)).Split(' ')[1];
        var result = await _kernel.SucceedAsync($"#!trace symbols --vmlinux {TraceKernel.Data("vmlinux-symbols.gz")} --module {TraceKernel.Data("dummy.ko")}@{text} --kaslr-offset auto");
        Assert.Contains("dummy.ko", TraceKernel.Html(result));
        Assert.Contains("auto", TraceKernel.Html(result));
    }

    [Fact]
    public async Task Analyses_before_symbols_fail_saying_to_load_symbols()
    {
        await _kernel.SucceedAsync($"#!trace load {TraceKernel.Data("trace-simple-v4.bin.gz")}");
        var result = await _kernel.SubmitAsync("#!trace profile");
        Assert.Contains("#!trace symbols", Assert.Single(result.Events.OfType<CommandFailed>()).Message);
    }

    [Fact]
    public async Task Info_without_a_trace_fails_and_with_one_shows_the_summary()
    {
        Assert.Single((await _kernel.SubmitAsync("#!trace info")).Events.OfType<CommandFailed>());
        await _kernel.SucceedAsync($"#!trace load {TraceKernel.Data("trace-simple-v4.bin.gz")}");
        var result = await _kernel.SucceedAsync("#!trace info");
        Assert.Contains("trace-simple-v4.bin.gz", TraceKernel.Html(result));
        Assert.Contains("session variable: trace", TraceKernel.Text(result));
    }

    public void Dispose() => _kernel.Dispose();
}
