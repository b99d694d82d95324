using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using QemuTrace.Symbols;

namespace QemuTrace.Interactive.Commands;

/// <summary><c>#!trace symbols --vmlinux F | --system-map F | --kallsyms F [--module KO@ADDR|KO@.text=..,.init.text=..|KO@FILE]... [--user ELF@0xBASE]... [--kaslr-offset HEX|auto]</c>.</summary>
public sealed class SymbolsCommand : TraceDirectiveCommand
{
    /// <summary>vmlinux with symbols.</summary>
    public string? Vmlinux { get; set; }

    /// <summary>System.map.</summary>
    public string? SystemMap { get; set; }

    /// <summary>A /proc/kallsyms snapshot.</summary>
    public string? Kallsyms { get; set; }

    /// <summary>Modules as PATH.ko@0xTEXT, PATH.ko@.text=0x...,.init.text=0x..., or PATH.ko@SECTIONS-FILE.</summary>
    public System.Text.Json.JsonElement? Module { get; set; }

    /// <summary>Userspace ELFs as PATH@0xBASE (where the lowest segment was mapped).</summary>
    public System.Text.Json.JsonElement? User { get; set; }

    /// <summary>KASLR offset (hex) or auto.</summary>
    public string? KaslrOffset { get; set; }

    internal static KernelActionDirective Directive() => new("symbols", "Load kernel symbols for the loaded trace (vmlinux, System.map or kallsyms; modules; userspace ELFs; KASLR offset or auto). The next analysis uses them.")
    {
        Parameters =
        {
            new KernelDirectiveParameter("--vmlinux", "The kernel's vmlinux with symbols; .gz accepted."),
            new KernelDirectiveParameter("--system-map", "The kernel's System.map; .gz accepted."),
            new KernelDirectiveParameter("--kallsyms", "A /proc/kallsyms snapshot from the guest; .gz accepted."),
            new KernelDirectiveParameter("--module", QemuTrace.Symbols.SymbolLoader.ModuleOptionHelp) { MaxOccurrences = 64 },
            new KernelDirectiveParameter("--user", "A userspace ELF placed where its lowest segment was mapped: PATH@0xBASE. Repeatable.") { MaxOccurrences = 64 },
            new KernelDirectiveParameter("--kaslr-offset", "Shift kernel symbols by this hex offset, or auto to find it from the trace's PCs.").AddCompletions(() => ["auto"]),
        },
    };

    internal static Task HandleAsync(SymbolsCommand command, KernelInvocationContext context) => TraceCommandRunner.RunAsync(command, context, async () =>
    {
        var session = TraceNotebook.For(context.HandlingKernel).RequireSession();
        var sources = new SymbolSources
        {
            Vmlinux = command.Vmlinux,
            SystemMap = command.SystemMap,
            Kallsyms = command.Kallsyms,
            Modules = DirectiveValues.Strings(command.Module),
            Users = DirectiveValues.Strings(command.User),
            KaslrOffset = command.KaslrOffset,
        };
        await Task.Run(() => session.LoadSymbols(sources), context.CancellationToken);
        context.DisplayAs(QemuTrace.Interactive.Formatting.TraceSummaryHtml.RenderSymbols(session.Summary), "text/html");
    });
}
