using QemuTrace.Formats;
using QemuTrace.Symbols;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Symbols;

/// <summary>KASLR on the real kernel, and every error a user can cause.</summary>
public sealed class KaslrAndErrorTests : IDisposable
{
    private readonly TempFiles _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Real kernel PCs of the data/ boot (the kernel-text lines of the gdb expected file come from its trace).</summary>
    private static ulong[] KernelPcs() =>
        SymbolData.ReadExpected(SymbolData.Symbols("gdb-expected.txt"))
            .Select(e => SymbolData.ParseHex(e.Address))
            .Where(pc => AddressMap.Default.Classify(pc, kernelStarted: true) == AddressRegion.Kernel)
            .ToArray();

    [Theory]
    [InlineData(0x2a00000UL)]
    [InlineData(0x1e400000UL)]
    public void It_finds_the_kaslr_offset_of_a_shifted_kernel_from_its_pcs(ulong offset)
    {
        var pcs = KernelPcs().Select(pc => pc + offset);
        var estimate = KaslrOffsetFinder.Find(SymbolData.Vmlinux, pcs);
        Assert.Equal(offset, estimate.Offset);
        Assert.True(estimate.Confidence > 0.8, estimate.ToString());

        var shifted = new Symbolizer([SymbolData.Vmlinux.WithKaslrOffset(offset)]);
        var plain = new Symbolizer([SymbolData.Vmlinux]);
        Assert.Equal(plain.DescribeLikeGdb(0xffffffff81000005), shifted.DescribeLikeGdb(0xffffffff81000005 + offset));
        Assert.Equal("cpu_tss_rw + 7168 in section .data..percpu", shifted.DescribeLikeGdb(0x7c00));
    }

    [Fact]
    public void It_reports_offset_zero_for_a_kernel_booted_without_kaslr()
    {
        var estimate = KaslrOffsetFinder.Find(SymbolData.Vmlinux, KernelPcs());
        Assert.Equal(0UL, estimate.Offset);
        Assert.True(estimate.Confidence > 0.8, estimate.ToString());
    }

    [Fact]
    public void It_says_a_file_that_is_not_elf_is_not_elf()
    {
        var path = _temp.Write("vmlinuz", "#!/bin/sh\n");
        var e = Assert.Throws<TraceFormatException>(() => ElfSymbolReader.Load(path));
        Assert.Contains("not an ELF file", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void It_sends_the_user_to_the_debug_image_for_a_stripped_elf()
    {
        // An ELF64 x86-64 executable header with no sections at all: what `strip` leaves of symbols.
        var header = new byte[64];
        "\u007fELF"u8.CopyTo(header);
        header[4] = 2; header[5] = 1; header[6] = 1;
        BitConverter.TryWriteBytes(header.AsSpan(16), (ushort)2);    // e_type ET_EXEC
        BitConverter.TryWriteBytes(header.AsSpan(18), (ushort)62);   // e_machine x86-64
        BitConverter.TryWriteBytes(header.AsSpan(20), 1u);           // e_version
        BitConverter.TryWriteBytes(header.AsSpan(24), 0x1000000UL);  // e_entry
        BitConverter.TryWriteBytes(header.AsSpan(52), (ushort)64);   // e_ehsize
        BitConverter.TryWriteBytes(header.AsSpan(54), (ushort)56);   // e_phentsize
        BitConverter.TryWriteBytes(header.AsSpan(58), (ushort)64);   // e_shentsize
        var path = _temp.Write("vmlinux-stripped", header);
        var e = Assert.Throws<TraceFormatException>(() => ElfSymbolReader.Load(path));
        Assert.Contains("stripped", e.Message);
        Assert.Contains("-dbg", e.Message);
    }

    [Fact]
    public void It_names_a_missing_module_file()
    {
        var e = Assert.Throws<TraceFormatException>(() => ElfSymbolReader.LoadModule(_temp.PathOf("nope.ko"), 0xffffffffc0000000));
        Assert.Contains("nope.ko: no such file", e.Message);
    }

    [Fact]
    public void It_refuses_a_vmlinux_as_a_module_and_a_module_as_a_vmlinux()
    {
        Assert.Contains("--module", Assert.Throws<TraceFormatException>(() => ElfSymbolReader.Load(SymbolData.Boot("dummy.ko"))).Message);
    }

    [Fact]
    public void It_gives_the_line_of_a_bad_system_map_line()
    {
        var path = _temp.Write("System.map", "ffffffff81000000 T _text\nnot a map line\n");
        var e = Assert.Throws<TraceFormatException>(() => KernelSymbolMapReader.LoadSystemMap(path));
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void It_says_kallsyms_read_without_privileges_has_no_addresses()
    {
        var path = _temp.Write("kallsyms", "0000000000000000 T _text\n0000000000000000 T _etext\n");
        Assert.Contains("kptr_restrict", Assert.Throws<TraceFormatException>(() => KernelSymbolMapReader.LoadKallsyms(path)).Message);
    }

    [Fact]
    public void It_appends_symbols_to_address_tokens_in_text_lines()
    {
        var elf = new ElfBuilder()
            .Section(".text", 0xffffffff81000000, 0x100, ElfSectionKind.Code)
            .Function("startup_64", 0xffffffff81000000, 0x40)
            .Function("secondary_startup_64", 0xffffffff81000040, 0x40)
            .Build();
        var symbolizer = new Symbolizer([ElfSymbolReader.Load(_temp.Write("vmlinux", elf))]);
        var filter = new AddressTextFilter(symbolizer);
        Assert.Equal("123 0xffffffff81000005 [startup_64+0x5] x", filter.Rewrite("123 0xffffffff81000005 x"));
        Assert.Equal("ffffffff81000000 [startup_64] 0xfe05b", filter.Rewrite("ffffffff81000000 0xfe05b"));
        Assert.Equal("pc=secondary_startup_64", new AddressTextFilter(symbolizer, replace: true).Rewrite("pc=0xffffffff81000040"));
    }

    [Fact]
    public void Its_cli_prints_gdbs_answers_in_order_from_arguments_and_stdin()
    {
        var (code, stdout, stderr) = Qtrace(null, "symbolize", "--vmlinux", SymbolData.Boot("vmlinux-symbols.gz"), "0x7c00", "ffffffff81000000", "0xfe05b");
        Assert.Equal(0, code);
        Assert.Equal("cpu_tss_rw + 7168 in section .data..percpu\nstartup_64 in section .text\nNo symbol matches 0xfe05b.\n", stdout);
        Assert.Equal("", stderr);

        (code, stdout, _) = Qtrace("0xffffffffc0201011\n\nffffffff81000001\n", "symbolize", "--vmlinux", SymbolData.Boot("vmlinux-symbols.gz"), "--module", SymbolData.Boot("dummy.ko") + "@0xffffffffc0201000");
        Assert.Equal(0, code);
        var lines = stdout.Split('\n');
        Assert.Equal($"dummy_validate + 1 in section .text of {SymbolData.Boot("dummy.ko")}", lines[0]);
        Assert.StartsWith("startup_64 + 1 in section .text of ", lines[1]);
    }

    [Theory]
    [InlineData("<stdin>: line 2: expected a hex address", "0x1\nzz\n", "--vmlinux", "VMLINUX")]
    [InlineData("not an ELF file", null, "--vmlinux", "INIT", "0x1")]
    [InlineData("nope.ko: no such file", null, "--vmlinux", "VMLINUX", "--module", "nope.ko@0x1", "0x1")]
    [InlineData("expected KO@0xTEXT", null, "--vmlinux", "VMLINUX", "--module", "dummy.ko", "0x1")]
    [InlineData("give exactly one symbol source", null, "0x1")]
    [InlineData("needs --trace", null, "--vmlinux", "VMLINUX", "--kaslr-offset", "auto", "0x1")]
    public void Its_cli_reports_each_user_error_in_one_line_with_a_nonzero_exit(string message, string? stdin, params string[] args)
    {
        args = args.Select(a => a == "VMLINUX" ? SymbolData.Boot("vmlinux-symbols.gz") : a == "INIT" ? SymbolData.Boot("init.sh") : a).ToArray();
        var (code, _, stderr) = Qtrace(stdin, ["symbolize", .. args]);
        Assert.NotEqual(0, code);
        Assert.Contains(message, stderr);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("qtrace: error: ", stderr);
    }

    /// <summary>symbolize writes to the raw standard output stream and reads stdin, so it runs in its own process.</summary>
    private static (int Code, string Stdout, string Stderr) Qtrace(string? stdin, params string[] args)
    {
        var result = Support.Qtrace.RunProcessWithInput(stdin ?? "", args);
        return (result.ExitCode, result.Stdout, result.Stderr);
    }
}
