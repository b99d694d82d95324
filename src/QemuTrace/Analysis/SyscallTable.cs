using System.Buffers.Binary;
using System.Text;
using QemuTrace.Formats;
using QemuTrace.Symbols;

namespace QemuTrace.Analysis;

/// <summary>
/// Names x86-64 system calls by number: from the ABI table (<c>syscall_64.tbl</c>, append-only, so valid for every
/// kernel), or from a vmlinux's own <c>sys_call_table</c>, whose pointers name each number's handler.
/// <example><code>
/// var table = SyscallTable.X64Abi;
/// table.NameOf(257); // "openat"
/// var kernel = SyscallTable.FromVmlinux("/usr/lib/debug/boot/vmlinux-6.1.0-50-amd64");
/// kernel.Disagreements; // numbers whose handler is not the ABI table's name: none expected
/// </code></example>
/// </summary>
public sealed class SyscallTable
{
    private const string HandlerPrefix = "__x64_sys_";
    private readonly string?[] _names;

    private SyscallTable(string source, string?[] names, IReadOnlyDictionary<int, string> handlers, IReadOnlyList<string> disagreements)
    {
        Source = source;
        _names = names;
        KernelHandlers = handlers;
        Disagreements = disagreements;
    }

    /// <summary>The table of <c>arch/x86/entry/syscalls/syscall_64.tbl</c> (common and 64-bit entries, 0..462).</summary>
    public static SyscallTable X64Abi { get; } = new("the x86-64 syscall ABI table (syscall_64.tbl)", X64SyscallAbi.Names, new Dictionary<int, string>(), []);

    /// <summary>Where the names come from, for notes.</summary>
    public string Source { get; }

    /// <summary>Numbers this table names (0 .. Count-1, with unused numbers in between).</summary>
    public int Count => _names.Length;

    /// <summary>For a table read from a vmlinux: each number's handler symbol (<c>__x64_sys_openat</c>, <c>__x64_sys_ni_syscall</c>).</summary>
    public IReadOnlyDictionary<int, string> KernelHandlers { get; }

    /// <summary>For a table read from a vmlinux: numbers whose implemented handler is not the ABI table's entry point, one line each.</summary>
    public IReadOnlyList<string> Disagreements { get; }

    /// <summary>The name of syscall <paramref name="number"/> (as user space calls it: <c>stat</c>, not <c>newstat</c>), or null.</summary>
    public string? NameOf(long number) => number >= 0 && number < _names.Length ? _names[number] : null;

    /// <summary>The ABI table's kernel entry point for a number (<c>newstat</c> for 4), or null when the number is unused.</summary>
    public static string? AbiEntryPoint(int number) =>
        X64SyscallAbi.EntryPoints.TryGetValue(number, out var entry) ? entry : number >= 0 && number < X64SyscallAbi.Names.Length ? X64SyscallAbi.Names[number] : null;

    /// <summary>
    /// Reads <c>sys_call_table</c> from a vmlinux that keeps its section contents (a debug image: Debian's
    /// <c>linux-image-*-dbg</c>), names each number after its <c>__x64_sys_</c> handler, and checks the names against the
    /// ABI table. Numbers the ABI table knows keep its name; numbers beyond it take the handler's.
    /// </summary>
    /// <exception cref="TraceFormatException">Not an ELF, no <c>sys_call_table</c> symbol, or its section has no contents.</exception>
    public static SyscallTable FromVmlinux(string path)
    {
        using var elf = ElfImage.Open(path);
        var symtab = elf.Sections.FirstOrDefault(s => s.Type == ElfSection.SymbolTable);
        if (symtab.Type != ElfSection.SymbolTable)
        {
            throw new TraceFormatException(path, null, "no .symtab: give the kernel's debug vmlinux (Debian: linux-image-VERSION-dbg)");
        }

        var entries = elf.Contents(symtab);
        var strings = elf.Contents(elf.Sections[(int)symtab.Link]);
        var tableName = "sys_call_table"u8;
        var prefix = Encoding.ASCII.GetBytes(HandlerPrefix);
        (ulong Value, ulong Size, int Section)? table = null;
        var handlers = new Dictionary<ulong, string>();
        for (int i = 0; i < ElfSymbol.Count(entries); i++)
        {
            var symbol = ElfSymbol.At(entries, i);
            var name = elf.NameAt(strings, symbol.NameOffset);
            if (name.SequenceEqual(tableName))
            {
                table = (symbol.Value, symbol.Size, symbol.Section);
            }
            else if (symbol.Type == ElfSymbol.Function && name.StartsWith(prefix) && !handlers.ContainsKey(symbol.Value))
            {
                handlers[symbol.Value] = Encoding.UTF8.GetString(name);
            }
        }

        if (table is not { } found || found.Section == 0 || found.Section >= elf.Sections.Count)
        {
            throw new TraceFormatException(path, null, "no sys_call_table symbol: is this an x86-64 kernel's vmlinux? Syscalls are then named from the ABI table");
        }

        var section = elf.Sections[found.Section];
        if (section.Type is ElfSection.NoBits or ElfSection.Null)
        {
            throw new TraceFormatException(path, null,
                $"sys_call_table is in {section.Name}, which has no contents in this file (a symbols-only copy made with objcopy); give the full debug vmlinux to read it, or rely on the ABI table");
        }

        // Only the table's own bytes: its section (.rodata, .data) is megabytes.
        ulong offset = found.Value - section.Address;
        int count = (int)Math.Min(found.Size / 8, int.MaxValue / 8);
        if (found.Value < section.Address || offset > section.Size || (ulong)count * 8 > section.Size - offset)
        {
            throw new TraceFormatException(path, TraceLocation.Byte((long)(section.Offset + offset)),
                $"sys_call_table ({count} entries at 0x{found.Value:x}) lies outside its section {section.Name}; the file is damaged: copy it again");
        }

        var contents = elf.Read((long)(section.Offset + offset), count * 8);
        var names = new string?[Math.Max(count, X64SyscallAbi.Names.Length)];
        X64SyscallAbi.Names.CopyTo(names, 0);
        var byNumber = new Dictionary<int, string>();
        var disagreements = new List<string>();
        for (int nr = 0; nr < count; nr++)
        {
            ulong pointer = BinaryPrimitives.ReadUInt64LittleEndian(contents.AsSpan(nr * 8, 8));
            if (!handlers.TryGetValue(pointer, out var handler))
            {
                disagreements.Add($"{nr}: sys_call_table points to 0x{pointer:x}, which is no {HandlerPrefix}* function");
                continue;
            }

            byNumber[nr] = handler;
            string implemented = handler[HandlerPrefix.Length..];
            if (implemented == "ni_syscall")
            {
                continue;
            }

            string? abi = AbiEntryPoint(nr);
            if (abi is null)
            {
                names[nr] = implemented;
            }
            else if (abi != implemented)
            {
                disagreements.Add($"{nr}: the kernel's handler is {handler}, the ABI table says {abi}");
            }
        }

        return new SyscallTable($"sys_call_table of {Path.GetFileName(path)} (checked against the x86-64 ABI table)", names, byNumber, disagreements);
    }
}
