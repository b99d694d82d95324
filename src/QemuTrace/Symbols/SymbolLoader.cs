using System.Globalization;
using QemuTrace.Formats;

namespace QemuTrace.Symbols;

/// <summary>Loads <see cref="SymbolSources"/> into a <see cref="Symbolizer"/>: the one place front ends share.</summary>
public static class SymbolLoader
{
    /// <summary>Loads every source; <paramref name="kaslr"/> is the estimate when the offset was <c>auto</c>.</summary>
    /// <exception cref="TraceFormatException">A file is missing or malformed.</exception>
    /// <exception cref="InputException">The options make no sense (a <c>--module</c> or <c>--user</c> without its address, <c>auto</c> without a trace).</exception>
    public static Symbolizer Load(SymbolSources sources, out KaslrEstimate? kaslr)
    {
        kaslr = null;
        var kernel = new List<SymbolFile>();
        if (sources.Vmlinux is not null)
        {
            kernel.Add(ElfSymbolReader.Load(sources.Vmlinux));
        }

        if (sources.SystemMap is not null)
        {
            kernel.Add(KernelSymbolMapReader.LoadSystemMap(sources.SystemMap));
        }

        if (sources.Kallsyms is not null)
        {
            kernel.AddRange(KernelSymbolMapReader.LoadKallsyms(sources.Kallsyms));
        }

        if (kernel.Count == 0)
        {
            throw new InputException("symbols", "no kernel symbols: give a vmlinux (--vmlinux), a System.map (--system-map) or a kallsyms snapshot (--kallsyms)");
        }

        if (sources.KaslrOffset is string text)
        {
            ulong offset;
            if (text == "auto")
            {
                if (sources.Trace is null)
                {
                    throw new InputException("--kaslr-offset auto", "needs --trace TRACE to find the offset from the trace's kernel PCs");
                }

                kaslr = KaslrOffsetFinder.Find(kernel[0], TracePcs(sources.Trace, 5_000_000));
                offset = kaslr.Offset;
            }
            else
            {
                offset = ParseHex(text, "--kaslr-offset");
            }

            // kallsyms already carries the running kernel's addresses; only link-time sources shift.
            for (int i = 0; i < kernel.Count; i++)
            {
                if (kernel[i].Kind != SymbolSourceKind.Kallsyms)
                {
                    kernel[i] = kernel[i].WithKaslrOffset(offset);
                }
            }
        }

        foreach (var module in sources.Modules)
        {
            var (path, sections) = ParseModule(module);
            kernel.Add(ElfSymbolReader.LoadModule(path, sections));
        }

        foreach (var user in sources.Users)
        {
            var (path, address) = ParseAt(user, "--user", "BINARY@BASE, e.g. busybox@0x400000");
            kernel.Add(ElfSymbolReader.LoadAt(path, address));
        }

        return new Symbolizer(kernel);
    }

    private const string ModuleForms =
        "KO@0xTEXT (its .text address), KO@.text=0x...,.init.text=0x... (per section, from /sys/module/NAME/sections/), " +
        "or KO@FILE (lines `SECTION ADDRESS`, a dump of /sys/module/NAME/sections/)";

    /// <summary>The <c>--module</c> option's help, as both faces show it.</summary>
    public const string ModuleOptionHelp = "A kernel module at its load addresses: " + ModuleForms +
        ". Module init code runs from .init.text, which only the per-section forms name. Repeatable.";

    /// <summary>
    /// Parses a <c>--module</c> value: <c>KO@0xTEXT</c>, <c>KO@.text=0x...,.init.text=0x...</c>, or <c>KO@FILE</c> with
    /// one <c>SECTION ADDRESS</c> line per section (what
    /// <c>for f in /sys/module/M/sections/.* /sys/module/M/sections/*; do echo "${f##*/} $(cat $f)"; done</c> prints).
    /// </summary>
    public static (string Path, IReadOnlyDictionary<string, ulong> Sections) ParseModule(string spec)
    {
        int at = spec.LastIndexOf('@');
        if (at <= 0 || at == spec.Length - 1)
        {
            throw new InputException("--module", $"`{spec}`: expected {ModuleForms}");
        }

        string path = spec[..at], where = spec[(at + 1)..];
        var sections = new Dictionary<string, ulong>(StringComparer.Ordinal);
        if (where.Contains('='))
        {
            foreach (var pair in where.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                int eq = pair.IndexOf('=');
                if (eq <= 0)
                {
                    throw new InputException("--module", $"`{pair}` in `{spec}`: expected SECTION=0xADDRESS, e.g. .init.text=0xffffffffc0206000");
                }

                sections[pair[..eq]] = ParseHex(pair[(eq + 1)..], "--module");
            }
        }
        else if (!File.Exists(where) || IsHex(where))
        {
            sections[".text"] = ParseHex(where, "--module");
        }
        else
        {
            ReadSectionsDump(path, where, sections);
        }

        return (path, sections);
    }

    private static bool IsHex(string text) =>
        ulong.TryParse(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _);

    private static void ReadSectionsDump(string module, string dump, Dictionary<string, ulong> sections)
    {
        // The kernel lists sections the .ko file keeps unallocated (.symtab, .strtab for kallsyms): only the module's
        // allocated code sections are taken, which is what names its PCs.
        var allocated = ElfSymbolReader.AllocatedSectionNames(module);
        long line = 0;
        foreach (var text in File.ReadLines(dump))
        {
            line++;
            var parts = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            if (parts.Length != 2 || !IsHex(parts[1]))
            {
                throw new TraceFormatException(dump, TraceLocation.Line(line), $"expected `SECTION ADDRESS` (e.g. `.init.text 0xffffffffc0206000`), found `{(text.Length > 80 ? text[..80] + "..." : text)}`; give a dump of /sys/module/NAME/sections/");
            }

            if (allocated.Contains(parts[0]))
            {
                sections[parts[0]] = ParseHex(parts[1], dump); // IsHex above: cannot fail
            }
        }

        if (!sections.ContainsKey(".text"))
        {
            throw new TraceFormatException(dump, null, "no `.text ADDRESS` line: give a dump of /sys/module/NAME/sections/ that includes .text");
        }
    }

    private static (string Path, ulong Address) ParseAt(string spec, string option, string expected)
    {
        int at = spec.LastIndexOf('@');
        if (at <= 0 || at == spec.Length - 1)
        {
            throw new InputException(option, $"`{spec}`: expected {expected}");
        }

        return (spec[..at], ParseHex(spec[(at + 1)..], option));
    }

    /// <summary>The PCs of the first <paramref name="limit"/> records of a trace that carry one.</summary>
    public static IEnumerable<ulong> TracePcs(string trace, long limit)
    {
        using var reader = TraceFile.Open(trace);
        var record = default(TraceRecord);
        long n = 0;
        while (n < limit && reader.Read(ref record))
        {
            n++;
            int pc = reader.Events[record.EventIndex].PcArgument;
            if (pc >= 0 && pc < record.ArgumentCount)
            {
                yield return record.Arguments[pc];
            }
        }
    }

    /// <summary>Parses <c>0x1e000000</c> or <c>1e000000</c> given for <paramref name="option"/>.</summary>
    /// <exception cref="InputException">Not a hex number.</exception>
    public static ulong ParseHex(string text, string option)
    {
        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        if (digits.Length == 0 || digits.Length > 16 || !ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw new InputException(option, $"`{text}` is not a hex number such as 0x1e000000");
        }

        return value;
    }
}
