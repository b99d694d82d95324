using System.Globalization;
using QemuTrace.Symbols;

namespace QemuTrace.Tests.Symbols;

/// <summary>The data/ files the symbolizer tests run on, found by walking up to the directory holding Notebooks.sln.</summary>
public static class SymbolData
{
    public static string Root => RepositoryData.Root;

    /// <summary>data/boot/vmlinux-symbols.gz loaded once for all tests (an objcopy --strip-debug of Debian's 6.1.0-50 vmlinux).</summary>
    public static SymbolFile Vmlinux => RepositoryData.Vmlinux;

    public static string Boot(string name) => Path.Combine(Root, "data", "boot", name);

    public static string Symbols(string name) => Path.Combine(Root, "data", "symbols", name);

    /// <summary>The dummy module's .text address in the guest (the `.text ADDRESS` line of data/boot/module-sections.txt).</summary>
    public static ulong DummyTextAddress =>
        File.ReadLines(Boot("module-sections.txt"))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => Array.IndexOf(f, ".text") is int i && i >= 0 && i + 1 < f.Length ? f[i + 1] : null)
            .Where(a => a is not null)
            .Select(a => ParseHex(a!))
            .First();

    public static ulong ParseHex(string text) =>
        ulong.Parse(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    /// <summary>An expected file of `ADDR&lt;TAB&gt;answer` lines; a line without an address continues the previous answer.</summary>
    public static List<(string Address, string Answer)> ReadExpected(string path)
    {
        var list = new List<(string Address, string Answer)>();
        foreach (var line in File.ReadLines(path))
        {
            int tab = line.IndexOf('\t');
            if (tab > 0 && line.StartsWith("0x", StringComparison.Ordinal))
            {
                list.Add((line[..tab], line[(tab + 1)..]));
            }
            else
            {
                list[^1] = (list[^1].Address, list[^1].Answer + "\n" + line);
            }
        }

        return list;
    }
}
