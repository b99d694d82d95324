using System.Buffers;
using System.Reflection;
using System.Security.Cryptography;

namespace QemuTrace.Export;

/// <summary>
/// Where a result came from: the sha256 of every input file (trace, symbols), the tool's version and the command or
/// cell that made it. Exports carry it (Parquet key-value metadata, JSON, report footers) so a result can be traced
/// back and a re-run diffed against it.
/// </summary>
public sealed record Provenance(IReadOnlyList<(string File, string Sha256)> Inputs, string Tool, string Command)
{
    /// <summary>The tool and version, e.g. <c>qtrace 0.1.0+abc</c>.</summary>
    public static string ToolVersion { get; } =
        "qtrace " + (typeof(Provenance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");

    /// <summary>
    /// Hashes <paramref name="inputs"/> for <paramref name="command"/>; files that do not exist, stdin (<c>-</c>), FIFOs and
    /// devices are left out (reading a pipe again would wait for a new writer or consume its data).
    /// </summary>
    public static Provenance Of(IEnumerable<string?> inputs, string command) =>
        new(inputs.OfType<string>().Where(f => f != "-" && QemuTrace.Files.FileIdentity.Of(f) is { IsRegularFile: true }).Distinct().Select(f => (Path.GetFullPath(f), Sha256(f))).ToList(), ToolVersion, command);

    /// <summary>
    /// Starts <see cref="Of"/> on a pool thread: hashing a 4.8 GB trace takes about 3 s of CPU, which then overlaps the
    /// analysis that reads the same file instead of following it. The task's result is what <see cref="Of"/> returns.
    /// </summary>
    public static Task<Provenance> Begin(IEnumerable<string?> inputs, string command)
    {
        var files = inputs.ToList();
        return Task.Run(() => Of(files, command));
    }

    /// <summary>
    /// The sha256 of a file, lower-case hex: remembered for a file unchanged since it was hashed (<see cref="Files.Sha256Cache"/>),
    /// else read 1 MiB at a time (4 KiB reads cost 15 % more on a 4.8 GB trace).
    /// </summary>
    public static string Sha256(string path) => Files.Sha256Cache.Sha256(path, Hash);

    private static string Hash(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int n;
            while ((n = stream.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>As flat key-value pairs: <c>qtrace.tool</c>, <c>qtrace.command</c>, <c>qtrace.input.N</c> = <c>SHA256 PATH</c>.</summary>
    public IReadOnlyDictionary<string, string> ToMetadata()
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["qtrace.tool"] = Tool,
            ["qtrace.command"] = Command,
        };
        for (int i = 0; i < Inputs.Count; i++)
        {
            metadata[$"qtrace.input.{i}"] = $"{Inputs[i].Sha256}  {Inputs[i].File}";
        }

        return metadata;
    }

    /// <summary>One line for footers: the tool, the command, and each input's file name and sha256.</summary>
    public override string ToString() =>
        $"{Tool}; {Command}; " + string.Join("; ", Inputs.Select(i => $"{Path.GetFileName(i.File)} sha256 {i.Sha256}"));
}
