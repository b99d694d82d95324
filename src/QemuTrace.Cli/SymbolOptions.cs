using System.CommandLine;
using QemuTrace.Symbols;

namespace QemuTrace.Cli;

/// <summary>The symbol options the analysis verbs share, and loading them into a <see cref="Symbolizer"/>.</summary>
internal sealed class SymbolOptions
{
    public Option<string?> Vmlinux { get; } = new("--vmlinux") { Description = "The kernel's vmlinux with symbols (Debian: linux-image-*-dbg; Fedora: kernel-debuginfo); .gz accepted." };

    public Option<string?> SystemMap { get; } = new("--system-map") { Description = "The kernel's System.map (the real one from the -dbg package); .gz accepted." };

    public Option<string?> Kallsyms { get; } = new("--kallsyms") { Description = "A /proc/kallsyms snapshot from the guest (module symbols included); .gz accepted." };

    public Option<string[]> Modules { get; } = new("--module") { Description = SymbolLoader.ModuleOptionHelp, AllowMultipleArgumentsPerToken = false };

    public Option<string[]> Users { get; } = new("--user") { Description = "A userspace ELF placed where its lowest segment was mapped: PATH@0xBASE. Repeatable.", AllowMultipleArgumentsPerToken = false };

    public Option<string?> KaslrOffset { get; } = new("--kaslr-offset") { Description = "Shift kernel symbols by this KASLR offset (hex), or `auto` to find it from the trace." };

    public void AddTo(Command command)
    {
        command.Options.Add(Vmlinux);
        command.Options.Add(SystemMap);
        command.Options.Add(Kallsyms);
        command.Options.Add(Modules);
        command.Options.Add(Users);
        command.Options.Add(KaslrOffset);
    }

    /// <summary>Every symbol file the options name (module and user ELFs without their @ADDRESS), for output checks.</summary>
    public IEnumerable<string?> Inputs(ParseResult parse) =>
        new[] { parse.GetValue(Vmlinux), parse.GetValue(SystemMap), parse.GetValue(Kallsyms) }
            .Concat((parse.GetValue(Modules) ?? []).Concat(parse.GetValue(Users) ?? []).Select(WithoutAddress));

    private static string WithoutAddress(string placed) => placed.LastIndexOf('@') is int at and > 0 ? placed[..at] : placed;

    /// <summary>The symbol sources the options name; <c>auto</c> KASLR offsets are found from <paramref name="trace"/>.</summary>
    public SymbolSources Sources(ParseResult parse, string? trace = null) => new()
    {
        Vmlinux = parse.GetValue(Vmlinux),
        SystemMap = parse.GetValue(SystemMap),
        Kallsyms = parse.GetValue(Kallsyms),
        Modules = parse.GetValue(Modules) ?? [],
        Users = parse.GetValue(Users) ?? [],
        KaslrOffset = parse.GetValue(KaslrOffset),
        Trace = trace,
    };

    public Symbolizer Load(ParseResult parse, string? trace = null)
    {
        var symbolizer = SymbolLoader.Load(Sources(parse, trace), out var kaslr);
        ReportKaslr(trace, kaslr);
        return symbolizer;
    }

    /// <summary>Loads the symbols into <paramref name="session"/> (the KASLR offset found from its trace when <c>auto</c>).</summary>
    public void LoadInto(QemuTrace.Session.TraceSession session, ParseResult parse)
    {
        session.LoadSymbols(Sources(parse, session.TracePath));
        ReportKaslr(session.TracePath, session.Kaslr);
    }

    private static void ReportKaslr(string? trace, KaslrEstimate? kaslr)
    {
        if (kaslr is not null)
        {
            Console.Error.WriteLine($"qtrace: {trace}: {kaslr}");
        }
    }
}
