using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using QemuTrace.Formats.Blocks;
using QemuTrace.Formats.Simple;
using QemuTrace.Formats.Text;

namespace QemuTrace.Formats;

/// <summary>
/// Opens a trace: decompresses gzip transparently, sniffs the format from the first bytes (or takes an explicit
/// one) and returns the matching streaming reader.
/// </summary>
public static partial class TraceFile
{
    private const int SniffBytes = 64 * 1024;

    /// <summary>The name that reads standard input instead of a file.</summary>
    public const string StandardInput = "-";

    /// <summary>How long opening a FIFO may block before the user is told that nothing writes to it yet.</summary>
    internal static TimeSpan FifoWaitNotice { get; set; } = TimeSpan.FromSeconds(2);

    private static int _standardInputOpened;

    /// <summary>Opens <paramref name="path"/> with the right reader.</summary>
    /// <param name="path">The trace; <c>.gz</c> (or any gzip content) is decompressed on the fly; <c>-</c> reads stdin,
    /// and pipes, FIFOs and <c>&lt;(...)</c> are read as they come (the format is sniffed from a buffered prefix).</param>
    /// <param name="events">The QEMU build's trace-events file, if any.</param>
    /// <param name="format">Forces a format instead of sniffing.</param>
    /// <exception cref="TraceFormatException">Missing or unreadable file, or not a trace.</exception>
    public static ITraceReader Open(string path, TraceEventsFile? events = null, TraceFormat? format = null)
    {
        var content = OpenContent(path);
        try
        {
            byte[] head = new byte[SniffBytes];
            int n = ReadUpTo(content, head, path);
            var detected = format ?? Detect(head.AsSpan(0, n), path, events);
            var stream = new PrefixedStream(head, n, content);
            return detected switch
            {
                TraceFormat.Simple => new SimpleTraceReader(stream, path, events),
                TraceFormat.Log => new LogTraceReader(stream, path, events),
                TraceFormat.SimpletraceText => new SimpletraceTextReader(stream, path, events),
                TraceFormat.TimestampPc => new TimestampPcReader(stream, path),
                TraceFormat.Blocks => new BlockTraceReader(stream, path) { File = content as FileStream is { CanSeek: true } file ? file : null },
                _ => throw new ArgumentOutOfRangeException(nameof(format)),
            };
        }
        catch
        {
            content.Dispose();
            throw;
        }
    }

    /// <summary>Decides the format of a trace from its first bytes.</summary>
    public static TraceFormat Sniff(string path, TraceEventsFile? events = null)
    {
        byte[] head = new byte[SniffBytes];
        int n;
        using (var stream = OpenContent(path))
        {
            n = ReadUpTo(stream, head, path);
        }

        return Detect(head.AsSpan(0, n), path, events);
    }

    private static TraceFormat Detect(ReadOnlySpan<byte> bytes, string path, TraceEventsFile? events)
    {
        int n = bytes.Length;
        if (n == 0)
        {
            throw new TraceFormatException(path, null, "the file is empty; expected a QEMU trace (simple backend binary, log backend text, or simpletrace.py output)");
        }

        if (n >= 8 && bytes[..8].SequenceEqual(BlockTraceLayout.Magic))
        {
            return TraceFormat.Blocks;
        }

        if (n >= 8 && bytes[..8].IndexOfAnyExcept((byte)0xFF) < 0)
        {
            return TraceFormat.Simple;
        }

        if (bytes[..Math.Min(n, 4096)].IndexOf((byte)0) >= 0)
        {
            throw new TraceFormatException(path, TraceLocation.Byte(0),
                $"binary data that does not start with the simple trace header (ff ff ff ff ff ff ff ff, then the magic b4 29 a4 0a cb 77 b1 f2) or a qtrace-blocks capture's QTBLOCKS; first bytes: {Convert.ToHexString(bytes[..Math.Min(n, 16)]).ToLowerInvariant()}; this is not a QEMU trace");
        }

        var text = Encoding.UTF8.GetString(bytes);
        int lineNumber = 0;
        string? firstLine = null;
        foreach (var raw in text.Split('\n').Take(200))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            firstLine ??= line;
            if (LogLine().IsMatch(line))
            {
                return TraceFormat.Log;
            }

            if (SimpletraceLine().IsMatch(line))
            {
                return TraceFormat.SimpletraceText;
            }

            if (TimestampPcLine().IsMatch(line))
            {
                return TraceFormat.TimestampPc;
            }

            var name = UnprefixedName().Match(line);
            if (name.Success && ((events ?? TraceEventsFile.BuiltIn).TryGet(name.Groups[1].Value, out _)))
            {
                return TraceFormat.Log;
            }
        }

        throw new TraceFormatException(path, TraceLocation.Line(1),
            $"not a trace this tool reads: expected QEMU log-backend lines (`TID@SEC.USEC:exec_tb tb:0x... pc=0x...`), simpletrace.py output (`exec_tb 0.123 pid=42 tb=0x... pc=0x...`) or `TIMESTAMP PC` lines, found `{Shorten(firstLine ?? "")}`");
    }

    /// <summary>Opens the file's content, decompressing gzip; <c>-</c> is standard input (readable once).</summary>
    public static Stream OpenContent(string path)
    {
        Stream file = path == StandardInput ? OpenStandardInput() : OpenFile(path);
        byte[] magic = new byte[2];
        int got;
        try
        {
            got = ReadUpTo(file, magic, path);
        }
        catch
        {
            file.Dispose();
            throw;
        }

        Stream content;
        if (file.CanSeek)
        {
            file.Position = 0;
            content = file;
        }
        else
        {
            // A pipe cannot seek back over the bytes just sniffed: replay them.
            content = new PrefixedStream(magic, got, file);
        }

        if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            return new BufferedStream(new GZipStream(content, CompressionMode.Decompress), 1 << 20);
        }

        return content;
    }

    private static Stream OpenStandardInput()
    {
        if (Interlocked.Exchange(ref _standardInputOpened, 1) != 0)
        {
            throw new TraceFormatException(StandardInput, null, "standard input can be read only once, and this command reads its trace twice; save the trace to a file and give its path");
        }

        return Console.OpenStandardInput(1 << 16);
    }

    private static FileStream OpenFile(string path)
    {
        try
        {
            if (OperatingSystem.IsLinux() && Files.FileIdentity.Of(path) is { IsFifo: true })
            {
                return OpenFifo(path);
            }

            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            throw new TraceFormatException(path, null, "no such file; check the path");
        }
        catch (DirectoryNotFoundException)
        {
            throw new TraceFormatException(path, null, "no such file or directory; check the path");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new TraceFormatException(path, null, $"cannot open it: {e.Message}");
        }
        catch (IOException e)
        {
            throw new TraceFormatException(path, null, $"cannot open it: {e.Message}");
        }
    }

    /// <summary>
    /// Opening a FIFO blocks until a program opens it for writing; after <see cref="FifoWaitNotice"/> the user is told
    /// so on stderr (once), then the wait goes on: the writer may simply not have started yet.
    /// </summary>
    private static FileStream OpenFifo(string path)
    {
        var opening = Task.Run(() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1));
        if (!opening.Wait(FifoWaitNotice))
        {
            Console.Error.WriteLine($"qtrace: {path}: waiting for a program to open this FIFO for writing (start QEMU or the writer, or press Ctrl+C)");
        }

        return opening.GetAwaiter().GetResult();
    }

    private static int ReadUpTo(Stream stream, byte[] buffer, string path)
    {
        int total = 0;
        try
        {
            while (total < buffer.Length)
            {
                int n = stream.Read(buffer, total, buffer.Length - total);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new TraceFormatException(path, TraceLocation.Byte(total), $"read failed: {e.Message}");
        }

        return total;
    }

    /// <summary>At most 60 characters of a line, with control and non-ASCII characters shown as <c>?</c> (it goes into a one-line error).</summary>
    private static string Shorten(string s)
    {
        var printable = new string(s.Take(61).Select(c => c is >= ' ' and < (char)0x7f ? c : '?').ToArray());
        return printable.Length <= 60 ? printable : printable[..57] + "...";
    }

    [GeneratedRegex(@"^\d+@\d+\.\d+:[A-Za-z_]\w*( |$)")]
    private static partial Regex LogLine();

    [GeneratedRegex(@"^[A-Za-z_]\w*\s+-?\d+\.\d{3}(\s+pid=\d+)?(\s+\w+=\S*)*\s*$")]
    private static partial Regex SimpletraceLine();

    [GeneratedRegex(@"^\s*\d+(\.\d+)?\s+(0x)?[0-9a-fA-F]+:?(\s|$)")]
    private static partial Regex TimestampPcLine();

    [GeneratedRegex(@"^([A-Za-z_]\w*) ")]
    private static partial Regex UnprefixedName();
}
