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

    /// <summary>The sha256 of a file, lower-case hex.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
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
