using System.CommandLine;
using System.Globalization;
using QemuTrace.Formats;
using QemuTrace.Symbols;

namespace QemuTrace.Cli;

/// <summary>The symbol options the analysis verbs share, and loading them into a <see cref="Symbolizer"/>.</summary>
internal sealed class SymbolOptions
{
    public Option<string?> Vmlinux { get; } = new("--vmlinux") { Description = "The kernel's vmlinux with symbols (Debian: linux-image-*-dbg; Fedora: kernel-debuginfo); .gz accepted." };

    public Option<string?> SystemMap { get; } = new("--system-map") { Description = "The kernel's System.map (the real one from the -dbg package); .gz accepted." };

    public Option<string?> Kallsyms { get; } = new("--kallsyms") { Description = "A /proc/kallsyms snapshot from the guest (module symbols included); .gz accepted." };

    public Option<string[]> Modules { get; } = new("--module") { Description = "A kernel module placed at its .text address: PATH.ko@0xADDR (from /sys/module/NAME/sections/.text). Repeatable.", AllowMultipleArgumentsPerToken = false };

    public Option<string?> KaslrOffset { get; } = new("--kaslr-offset") { Description = "Shift kernel symbols by this offset (hex), for a KASLR boot." };

    public void AddTo(Command command)
    {
        command.Options.Add(Vmlinux);
        command.Options.Add(SystemMap);
        command.Options.Add(Kallsyms);
        command.Options.Add(Modules);
        command.Options.Add(KaslrOffset);
    }

    public Symbolizer Load(ParseResult parse)
    {
        var files = new List<SymbolFile>();
        ulong offset = 0;
        if (parse.GetValue(KaslrOffset) is string kaslr)
        {
            var text = kaslr.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? kaslr[2..] : kaslr;
            if (!ulong.TryParse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out offset))
            {
                throw new TraceFormatException("--kaslr-offset", null, $"`{kaslr}` is not a hex offset such as 0x1e000000");
            }
        }

        if (parse.GetValue(Vmlinux) is string vmlinux)
        {
            files.Add(ElfSymbolReader.Load(vmlinux, offset));
        }

        if (parse.GetValue(SystemMap) is string map)
        {
            files.Add(KernelSymbolMapReader.LoadSystemMap(map, offset));
        }

        if (parse.GetValue(Kallsyms) is string kallsyms)
        {
            files.AddRange(KernelSymbolMapReader.LoadKallsyms(kallsyms));
        }

        foreach (var module in parse.GetValue(Modules) ?? [])
        {
            int at = module.LastIndexOf('@');
            var address = at < 0 ? "" : module[(at + 1)..];
            if (at <= 0 || !ulong.TryParse(address.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? address[2..] : address, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var text))
            {
                throw new TraceFormatException("--module", null, $"`{module}` is not PATH.ko@0xADDR (the module's .text address, from /sys/module/NAME/sections/.text)");
            }

            files.Add(ElfSymbolReader.LoadModule(module[..at], text));
        }

        if (files.Count == 0)
        {
            throw new TraceFormatException("qtrace", null, "no symbols: pass --vmlinux, --system-map or --kallsyms (without them every kernel PC would be [kernel])");
        }

        return new Symbolizer(files);
    }
}
