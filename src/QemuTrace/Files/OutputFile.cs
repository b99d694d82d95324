using QemuTrace.Formats;

namespace QemuTrace.Files;

/// <summary>
/// The one way every output is written. An output that is the same file as one of the inputs (by device and inode,
/// not by path string) is refused before anything is opened. Content goes to a temporary file in the output's folder
/// and is renamed over the target only once complete, so a failure (disk full, read-only folder, a crash) leaves the
/// previous file as it was. Devices and FIFOs (<c>/dev/stdout</c>, a pipe) are written in place.
/// </summary>
/// <remarks>Errors are <see cref="InputException"/>s naming the output (and the input it collides with).</remarks>
public static class OutputFile
{
    private const string TemporarySuffix = ".qtrace-tmp";

    /// <summary>Throws when <paramref name="output"/> is the same file as any of <paramref name="inputs"/>.</summary>
    /// <param name="output">The file about to be written.</param>
    /// <param name="inputs">Every file the command reads; nulls, empty strings and <c>-</c> (stdin) are skipped.</param>
    /// <exception cref="InputException">The output is one of the inputs.</exception>
    public static void RefuseInputs(string output, IEnumerable<string?> inputs)
    {
        if (output == "-" || FileIdentity.Of(output) is not FileIdentity target)
        {
            return;
        }

        foreach (var input in inputs)
        {
            if (string.IsNullOrEmpty(input) || input == "-")
            {
                continue;
            }

            if (FileIdentity.Of(input) is FileIdentity source && source.SameFileAs(target) && target.IsRegularFile)
            {
                throw new InputException(output, $"refusing to write the output over the input {input} (they are the same file); choose another output path");
            }
        }
    }

    /// <summary>Writes <paramref name="output"/> atomically with <paramref name="write"/>, after <see cref="RefuseInputs"/>.</summary>
    /// <param name="output">The file to create or replace.</param>
    /// <param name="inputs">The command's inputs, none of which may be the output.</param>
    /// <param name="write">Writes the whole content to the stream it is given (do not close it).</param>
    /// <exception cref="InputException">The output is an input, or it could not be written; the old file is unchanged.</exception>
    public static void Write(string output, IEnumerable<string?> inputs, Action<Stream> write) =>
        WriteAsync(output, inputs, stream =>
        {
            write(stream);
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();

    /// <summary>Writes <paramref name="output"/> as text (UTF-8, no BOM) atomically.</summary>
    public static void WriteText(string output, IEnumerable<string?> inputs, string text) =>
        Write(output, inputs, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            writer.Write(text);
        });

    /// <summary>The asynchronous form of <see cref="Write"/>.</summary>
    public static async Task WriteAsync(string output, IEnumerable<string?> inputs, Func<Stream, Task> write)
    {
        RefuseInputs(output, inputs);
        var existing = FileIdentity.Of(output);
        if (existing is { IsRegularFile: false })
        {
            await WriteInPlace(output, write);
            return;
        }

        var full = Path.GetFullPath(output);
        var folder = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(folder))
        {
            throw new InputException(output, $"the folder {folder} does not exist; create it or choose another output path");
        }

        if (Directory.Exists(full))
        {
            throw new InputException(output, "is a folder; give a file name");
        }

        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}-{Random.Shared.Next():x8}{TemporarySuffix}");
        try
        {
            await using (var stream = Create(output, temporary, folder))
            {
                await write(stream);
                await stream.FlushAsync();
                stream.Flush(flushToDisk: true);
            }

            if (existing is not null && !OperatingSystem.IsWindows())
            {
                // Keep the replaced file's permissions (an executable script stays executable, a private file private).
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(full));
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new InputException(output, $"could not write it: {OneLine(e.Message)}; {(existing is null ? "nothing was written" : "the previous file is unchanged")}; free some space or choose a writable folder");
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static FileStream Create(string output, string temporary, string folder)
    {
        try
        {
            return new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(output, $"cannot create a file in {folder}: {OneLine(e.Message)}; choose a writable folder (the output is written next to its target, then renamed)");
        }
    }

    private static async Task WriteInPlace(string output, Func<Stream, Task> write)
    {
        try
        {
            await using var stream = new FileStream(output, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 16);
            await write(stream);
            await stream.FlushAsync();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(output, $"could not write it: {OneLine(e.Message)}");
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim().TrimEnd('.');
}
