using QemuTrace.Symbols;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Symbols;

/// <summary>The ELF reader on ELF files built in memory (<see cref="ElfBuilder"/>): which symbols count, and how they are placed.</summary>
public sealed class BuiltElfTests : IDisposable
{
    private const ulong Text = 0xffffffff81000000;
    private readonly TempFiles _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Functions_data_and_bss_are_named_with_their_sections_and_the_entry_point_is_read()
    {
        var elf = new ElfBuilder().Entry(0x1000000)
            .Section(".text", Text, 0x100, ElfSectionKind.Code)
            .Section(".data", 0xffffffff82000000, 0x100, ElfSectionKind.Data)
            .Section(".bss", 0xffffffff82400000, 0x1000, ElfSectionKind.Bss)
            .Function("start_kernel", Text, 0x80)
            .Function("helper", Text + 0x80, 0x40, global: false)
            .Object("jiffies", 0xffffffff82000000, 8)
            .Object("big_buffer", 0xffffffff82400000, 0x1000, global: false)
            .Build();

        var symbolizer = new Symbolizer([ElfSymbolReader.Load(_temp.Write("vmlinux", elf))]);

        Assert.Equal(0x1000000UL, symbolizer.ElfEntryPoint);
        Assert.Equal("start_kernel + 5 in section .text", symbolizer.DescribeLikeGdb(Text + 5));
        Assert.Equal("helper + 1 in section .text", symbolizer.DescribeLikeGdb(Text + 0x81));
        Assert.Equal("jiffies in section .data", symbolizer.DescribeLikeGdb(0xffffffff82000000));
        Assert.Equal("big_buffer + 16 in section .bss", symbolizer.DescribeLikeGdb(0xffffffff82400010));
        Assert.Equal("No symbol matches 0xfe05b.", symbolizer.DescribeLikeGdb(0xfe05b));
    }

    [Fact]
    public void Absolute_symbols_and_compiler_labels_never_answer_a_lookup()
    {
        var elf = new ElfBuilder()
            .Section(".text", Text, 0x100, ElfSectionKind.Code)
            .Function("start_kernel", Text, 0x100)
            .Function(".L_label", Text + 0x20, 0, global: false)
            .Symbol("__abs_marker", Text + 0x40, 0, section: null, type: 0, global: true)
            .Build();

        var symbolizer = new Symbolizer([ElfSymbolReader.Load(_temp.Write("vmlinux", elf))]);

        Assert.Equal("start_kernel + 33 in section .text", symbolizer.DescribeLikeGdb(Text + 0x21));
        Assert.Equal("start_kernel + 65 in section .text", symbolizer.DescribeLikeGdb(Text + 0x41));
    }

    [Fact]
    public void A_relocatable_module_is_placed_at_its_text_address_and_refused_as_a_vmlinux()
    {
        var ko = new ElfBuilder(relocatable: true)
            .Section(".text", 0, 0x100, ElfSectionKind.Code)
            .Function("dummy_validate", 0x10, 0x20)
            .Build();
        var path = _temp.Write("dummy.ko", ko);

        var symbolizer = new Symbolizer([ElfSymbolReader.LoadModule(path, 0xffffffffc0201000)]);

        Assert.Equal("dummy_validate + 1 in section .text", symbolizer.DescribeLikeGdb(0xffffffffc0201011));
        Assert.Contains("--module", Assert.Throws<QemuTrace.Formats.TraceFormatException>(() => ElfSymbolReader.Load(path)).Message);
    }

    [Fact]
    public void A_compressed_vmlinux_replaced_at_the_same_path_gives_the_new_symbols()
    {
        // The decompressed content of the last .gz is reused (symbols and syscall table read it twice): a new file under
        // the same name must not be answered from the old one.
        ElfSymbolReader.Load(_temp.Write("vmlinux.gz", Gzip(KernelWith("old_function"))));
        var path = _temp.Write("vmlinux.gz", Gzip(KernelWith("new_function_with_a_longer_name")));

        var symbolizer = new Symbolizer([ElfSymbolReader.Load(path)]);

        Assert.Equal("new_function_with_a_longer_name + 5 in section .text", symbolizer.DescribeLikeGdb(Text + 5));
    }

    private static byte[] KernelWith(string function) => new ElfBuilder()
        .Section(".text", Text, 0x100, ElfSectionKind.Code)
        .Function(function, Text, 0x100)
        .Build();

    private static byte[] Gzip(byte[] bytes)
    {
        using var memory = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(memory, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return memory.ToArray();
    }
}
