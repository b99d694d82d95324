using System.Buffers.Binary;
using System.IO.Compression;
using QemuTrace.Formats;
using QemuTrace.Symbols;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Hostile;

/// <summary>Issue 12 items 5 and 6: a corrupt, foreign or huge symbol file is one error naming it, never a crash or wrong symbols.</summary>
public class CorruptElfTests : IDisposable
{
    private const ulong Text = 0xffffffff81000000;
    private const ulong Data = 0xffffffff82200000;
    private const ulong Bss = 0xffffffff82400000;
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>
    /// A small kernel-like ELF: code, read-only data, data, bss and a non-allocated section; 400 functions (every
    /// third local) and 80 objects. The checks under test read headers and tables, so they need no real vmlinux.
    /// </summary>
    private static readonly Lazy<byte[]> Sample = new(() =>
    {
        var elf = new ElfBuilder().Entry(0x1000000)
            .Section(".text", Text, 0x4000, ElfSectionKind.Code)
            .Section(".rodata", 0xffffffff82000000, 0x1000, ElfSectionKind.ReadOnlyData)
            .Section(".data", Data, 0x1000, ElfSectionKind.Data)
            .Section(".bss", Bss, 0x10000, ElfSectionKind.Bss)
            .Section(".comment", 0, 0x40, ElfSectionKind.NotAllocated);
        for (int i = 0; i < 400; i++)
        {
            elf.Function($"function_{i}", Text + ((ulong)i * 0x20), 0x20, global: i % 3 != 0);
        }

        for (int i = 0; i < 40; i++)
        {
            elf.Object($"data_{i}", Data + ((ulong)i * 0x40), 0x40);
            elf.Object($"bss_{i}", Bss + ((ulong)i * 0x400), 0x400, global: false);
        }

        return elf.Build();
    });

    private static readonly Lazy<Symbolizer> Intact = new(() =>
    {
        using var temp = new TempFiles();
        return new Symbolizer([ElfSymbolReader.Load(temp.Write("vmlinux", Sample.Value))]);
    });

    private string Variant(Action<byte[]> corrupt)
    {
        var bytes = (byte[])Sample.Value.Clone();
        corrupt(bytes);
        return _files.Write($"vmlinux-{Guid.NewGuid():N}", bytes);
    }

    private static TraceFormatException LoadFails(string path)
    {
        var error = Assert.Throws<TraceFormatException>(() => ElfSymbolReader.Load(path));
        Assert.StartsWith(path + ":", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    [Fact]
    public void An_aarch64_elf_is_refused_naming_its_machine()
    {
        var path = Variant(b => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(18), 183));

        Assert.Contains("AArch64", LoadFails(path).Message);
    }

    [Fact]
    public void A_big_endian_elf_is_refused_instead_of_an_argument_exception()
    {
        var path = Variant(b => b[5] = 2);

        Assert.Contains("big-endian", LoadFails(path).Message);
    }

    [Fact]
    public void A_32_bit_elf_is_refused()
    {
        Assert.Contains("32-bit", LoadFails(Variant(b => b[4] = 1)).Message);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(0x5000)]
    [InlineData(-100)]
    public void A_truncated_vmlinux_names_the_file_and_what_to_do(int length)
    {
        // Cut inside the section contents, inside the symbol table, and inside the section header table at the end.
        var elf = Sample.Value;
        var path = _files.Write("short-vmlinux", elf[..(length > 0 ? length : elf.Length + length)]);

        Assert.Contains("copy the file again", LoadFails(path).Message);
    }

    [Fact]
    public void Forty_random_bit_flips_in_the_section_headers_are_each_an_error_or_give_the_same_symbols()
    {
        var elf = Sample.Value;
        int table = (int)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(0x28));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3C));
        var symbols = Intact.Value.Files[0];
        var probes = Enumerable.Range(0, symbols.SymbolCount).Select(i => symbols.GetSymbol(i).Address + 1).ToList();
        var expected = probes.Select(pc => Answer(Intact.Value, pc)).ToList();
        var random = new Random(12);
        int errors = 0, same = 0;
        for (int flip = 0; flip < 40; flip++)
        {
            int at = table + (random.Next(count) * 64) + random.Next(64);
            int bit = random.Next(8);
            var path = Variant(b => b[at] ^= (byte)(1 << bit));
            SymbolFile file;
            try
            {
                file = ElfSymbolReader.Load(path);
            }
            catch (TraceFormatException e)
            {
                Assert.Contains(path, e.Message);
                errors++;
                continue;
            }

            var symbolizer = new Symbolizer([file]);
            Assert.True(expected.SequenceEqual(probes.Select(pc => Answer(symbolizer, pc))), $"flip of bit {bit} at byte {at} changed the symbols without an error");
            same++;
        }

        Assert.Equal(40, errors + same);
    }

    /// <summary>The symbol and offset an address resolves to (a corrupt section name changes only the label, not the symbol).</summary>
    private static string Answer(Symbolizer symbolizer, ulong pc) =>
        symbolizer.TryLookup(pc, out var symbol, out var offset) ? $"{symbol.Name}+{offset}" : "none";

    [Fact]
    public void A_gzip_bomb_given_as_vmlinux_is_refused_without_running_out_of_memory()
    {
        // 2100 gzip members of 1 MiB of zeros each after one holding the ELF magic: more than 2 GiB once decompressed
        // (gzip readers read concatenated members as one stream), built in milliseconds instead of compressing 2 GiB.
        var path = _files.PathOf("bomb.gz");
        var zeros = Gzip(new byte[1 << 20]);
        using (var file = File.Create(path))
        {
            file.Write(Gzip([0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1]));
            for (int i = 0; i < 2100; i++)
            {
                file.Write(zeros);
            }
        }

        Assert.Contains("gzip bomb", LoadFails(path).Message);
    }

    private static byte[] Gzip(byte[] content)
    {
        var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return memory.ToArray();
    }

    [Fact]
    public void Dev_zero_as_a_system_map_is_an_error_about_its_first_line_not_out_of_memory()
    {
        var error = Assert.Throws<TraceFormatException>(() => KernelSymbolMapReader.LoadSystemMap("/dev/zero"));

        Assert.StartsWith("/dev/zero: line 1:", error.Message);
    }

    [Fact]
    public void A_kallsyms_with_binary_content_is_refused()
    {
        var path = _files.Write("kallsyms", "ffffffff81000000 T _text\n\0\0\0\n");

        Assert.Contains("binary data", Assert.Throws<TraceFormatException>(() => KernelSymbolMapReader.LoadKallsyms(path)).Message);
    }
}
