using System.Buffers.Binary;
using System.IO.Compression;
using QemuTrace.Formats;
using QemuTrace.Symbols;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Hostile;

/// <summary>Issue 12 items 5 and 6: a corrupt, foreign or huge symbol file is one error naming it, never a crash or wrong symbols.</summary>
public class CorruptElfTests : IDisposable
{
    private static readonly Lazy<byte[]> RealVmlinux = new(() => Decompress(RepositoryData.PathOf("boot", "vmlinux-symbols.gz")));
    private static readonly Lazy<Symbolizer> Intact = new(() => new Symbolizer([ElfSymbolReader.Load(RepositoryData.PathOf("boot", "vmlinux-symbols.gz"))]));
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static byte[] Decompress(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }

    private string Variant(Action<byte[]> corrupt)
    {
        var bytes = (byte[])RealVmlinux.Value.Clone();
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
    [InlineData(4096)]
    [InlineData(600_000)]
    public void A_truncated_vmlinux_names_the_file_and_what_to_do(int length)
    {
        var path = _files.Write("short-vmlinux", RealVmlinux.Value[..length]);

        Assert.Contains("copy the file again", LoadFails(path).Message);
    }

    [Fact]
    public void Forty_random_bit_flips_in_the_section_headers_of_the_real_vmlinux_are_each_an_error_or_give_the_same_symbols()
    {
        var elf = RealVmlinux.Value;
        int table = (int)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(0x28));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3C));
        var symbols = Intact.Value.Files[0];
        var probes = Enumerable.Range(0, symbols.SymbolCount).Where(i => i % 997 == 0).Select(i => symbols.GetSymbol(i).Address + 1).ToList();
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
        var path = _files.PathOf("bomb.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.SmallestSize))
        {
            gzip.Write([0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1]);
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 2100; i++)
            {
                gzip.Write(zeros);
            }
        }

        Assert.Contains("gzip bomb", LoadFails(path).Message);
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
