using System.Security.Cryptography;
using QemuTrace.Files;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Files;

/// <summary>Provenance hashes every input of every chart and export: a file unchanged since it was hashed is not read again.</summary>
public sealed class Sha256CacheTests : IDisposable
{
    private readonly TempFiles _temp = new();
    private int _hashed;

    public void Dispose() => _temp.Dispose();

    private string Hash(string path)
    {
        _hashed++;
        return Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
    }

    private string Cached(string path, TimeSpan settled) => Sha256Cache.Sha256(path, Hash, _temp.PathOf("cache/sha256"), settled);

    [Fact]
    public void A_file_unchanged_since_it_was_hashed_is_answered_from_the_cache()
    {
        var trace = _temp.Write("trace.bin", "the same bytes twice"u8.ToArray());

        string first = Cached(trace, TimeSpan.Zero);
        string second = Cached(trace, TimeSpan.Zero);

        Assert.Equal(1, _hashed);
        Assert.Equal(first, second);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("the same bytes twice"u8)), second);
    }

    [Fact]
    public void A_file_rewritten_with_as_many_bytes_is_hashed_again()
    {
        var trace = _temp.Write("trace.bin", "first content"u8.ToArray());
        string first = Cached(trace, TimeSpan.Zero);

        // Past the kernel's clock tick, so that the rewrite's change time differs from the first write's.
        Thread.Sleep(50);
        File.WriteAllBytes(trace, "other content"u8.ToArray());
        string second = Cached(trace, TimeSpan.Zero);

        Assert.Equal(2, _hashed);
        Assert.NotEqual(first, second);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("other content"u8)), second);
    }

    [Fact]
    public void A_file_changed_just_before_it_was_hashed_is_not_remembered()
    {
        // Its next write could fall in the same clock tick and keep its stamp.
        var trace = _temp.Write("trace.bin", "being written"u8.ToArray());

        Cached(trace, TimeSpan.FromHours(1));
        Cached(trace, TimeSpan.FromHours(1));

        Assert.Equal(2, _hashed);
    }

    [Fact]
    public void An_unwritable_cache_folder_still_gives_the_hash()
    {
        var trace = _temp.Write("trace.bin", "bytes"u8.ToArray());
        var blocked = _temp.Write("not-a-folder", "a file where the cache folder would be"u8.ToArray());

        string hash = Sha256Cache.Sha256(trace, Hash, Path.Combine(blocked, "sha256"), TimeSpan.Zero);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("bytes"u8)), hash);
    }
}
