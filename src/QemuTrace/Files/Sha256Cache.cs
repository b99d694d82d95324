using System.Globalization;

namespace QemuTrace.Files;

/// <summary>
/// The sha256 of files hashed before, by <see cref="FileStamp"/>: hashing a 4.8 GB trace takes 3.2 s of CPU, and every
/// chart or export of it hashes it for its provenance. One line per file in <c>$XDG_CACHE_HOME/qtrace/sha256</c>
/// (<c>~/.cache/qtrace/sha256</c>), the newest <see cref="MaxEntries"/>, rewritten through a temporary file and a
/// rename. A file is cached only when its stamp is the same after hashing as before and its last change was
/// <see cref="Settled"/> earlier (file times advance in clock ticks, so a write within the tick of the one before can
/// leave the stamp as it was). Where the stamp cannot be read, or the cache folder cannot be written, every file is
/// hashed as before.
/// </summary>
internal static class Sha256Cache
{
    /// <summary>Files remembered.</summary>
    public const int MaxEntries = 256;

    private static readonly object Lock = new();

    /// <summary>How long a file must have been unchanged before its hash is kept.</summary>
    public static readonly TimeSpan Settled = TimeSpan.FromSeconds(2);

    /// <summary>The cache file, or null (no home folder) for none.</summary>
    public static string? DefaultFile { get; } = DefaultPath();

    /// <summary>The sha256 of <paramref name="path"/>: from the cache when its stamp is there, else <paramref name="hash"/>'s.</summary>
    public static string Sha256(string path, Func<string, string> hash) => Sha256(path, hash, DefaultFile, Settled);

    /// <summary>The same with another cache file and settling time (tests).</summary>
    internal static string Sha256(string path, Func<string, string> hash, string? cache, TimeSpan settled)
    {
        if (cache is null || FileStamp.Of(path) is not FileStamp before)
        {
            return hash(path);
        }

        lock (Lock)
        {
            if (Read(cache).TryGetValue(before, out var known))
            {
                return known;
            }
        }

        long startedNs = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        string value = hash(path);
        bool unchanged = startedNs - Math.Max(before.ChangedNs, before.ModifiedNs) >= settled.Ticks * 100;
        if (unchanged && FileStamp.Of(path) == before)
        {
            lock (Lock)
            {
                Write(cache, before, value);
            }
        }

        return value;
    }

    private static Dictionary<FileStamp, string> Read(string cache)
    {
        var entries = new Dictionary<FileStamp, string>();
        foreach (var (stamp, hash) in Lines(cache))
        {
            entries[stamp] = hash;
        }

        return entries;
    }

    private static List<(FileStamp Stamp, string Hash)> Lines(string cache)
    {
        var lines = new List<(FileStamp Stamp, string Hash)>();
        try
        {
            if (!File.Exists(cache))
            {
                return lines;
            }

            foreach (var line in File.ReadLines(cache))
            {
                var f = line.Split(' ');
                if (f.Length == 6 && ulong.TryParse(f[0], CultureInfo.InvariantCulture, out var device) && ulong.TryParse(f[1], CultureInfo.InvariantCulture, out var inode)
                    && long.TryParse(f[2], CultureInfo.InvariantCulture, out var size) && long.TryParse(f[3], CultureInfo.InvariantCulture, out var modified)
                    && long.TryParse(f[4], CultureInfo.InvariantCulture, out var changed) && f[5].Length == 64)
                {
                    lines.Add((new FileStamp(device, inode, size, modified, changed), f[5]));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable cache is an empty one.
        }

        return lines;
    }

    private static void Write(string cache, FileStamp stamp, string hash)
    {
        var kept = Lines(cache).Where(l => l.Stamp != stamp).TakeLast(MaxEntries - 1).Append((Stamp: stamp, Hash: hash));
        string temporary = $"{cache}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(cache)!);
            File.WriteAllLines(temporary, kept.Select(l => string.Create(CultureInfo.InvariantCulture,
                $"{l.Stamp.Device} {l.Stamp.Inode} {l.Stamp.Size} {l.Stamp.ModifiedNs} {l.Stamp.ChangedNs} {l.Hash}")));
            File.Move(temporary, cache, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only or full home: the hash is still right, only not remembered.
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static string? DefaultPath()
    {
        string? root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? Path.Combine(home, ".cache") : null;
        return root is null ? null : Path.Combine(root, "qtrace", "sha256");
    }
}
