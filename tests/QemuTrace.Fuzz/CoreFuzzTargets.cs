using System.IO.Compression;
using System.Text;
using QemuTrace.Formats;
using QemuTrace.Formats.Simple;
using QemuTrace.Formats.Text;
using QemuTrace.Symbols;
using QemuTrace.Testing;

namespace QemuTrace.Fuzz;

/// <summary>The core's parsers with seeds cut from the real boot in data/: small, so a million inputs run in minutes.</summary>
public static class CoreFuzzTargets
{
    private static readonly Lazy<TraceEventsFile> Events = new(() => TraceEventsFile.Load(RepositoryData.PathOf("boot", "trace-events-all")));

    /// <summary>Every core target.</summary>
    public static IReadOnlyList<FuzzTarget> All() =>
    [
        new("simple", [Head("boot/trace-simple-v4.bin.gz", 4096), Head("boot/trace-simple-v4.bin.gz", 1024)], bytes =>
            Drain(new SimpleTraceReader(new MemoryStream(bytes), "fuzz.bin", Events.Value))),
        new("log", [HeadLines("boot/qemu-log.txt.gz", 40)], bytes =>
            Drain(new LogTraceReader(new MemoryStream(bytes), "fuzz.log", Events.Value))),
        new("simpletrace", [HeadLines("expected/simpletrace-decode.head5000.txt.gz", 40)], bytes =>
            Drain(new SimpletraceTextReader(new MemoryStream(bytes), "fuzz.txt", Events.Value))),
        new("sniff", [Head("boot/trace-simple-v4.bin.gz", 2048), HeadLines("boot/qemu-log.txt.gz", 20), HeadLines("expected/simpletrace-decode.head5000.txt.gz", 20)], bytes =>
            WithFile(bytes, path => Drain(TraceFile.Open(path)))),
        new("trace-events", [TraceEventsSlice()], bytes =>
            TraceEventsFile.Parse("fuzz-trace-events", Encoding.UTF8.GetString(bytes))),
        new("system-map", [HeadLines("boot/System.map.gz", 60), MarkerLines("boot/System.map.gz")], bytes =>
            WithFile(bytes, path => Symbolize(KernelSymbolMapReader.LoadSystemMap(path)))),
        new("kallsyms", [HeadLines("boot/kallsyms.txt.gz", 60), TailLines("boot/kallsyms.txt.gz", 40)], bytes =>
            WithFile(bytes, path =>
            {
                foreach (var file in KernelSymbolMapReader.LoadKallsyms(path))
                {
                    Symbolize(file);
                }
            })),
        new("elf", [File.ReadAllBytes(RepositoryData.PathOf("boot", "dummy.ko"))], bytes =>
            WithFile(bytes, path => Symbolize(ElfSymbolReader.LoadModule(path, 0xffffffffc0000000)))),
    ];

    /// <summary>Reads every record (and every string argument) to the end.</summary>
    public static void Drain(ITraceReader reader)
    {
        using (reader)
        {
            var record = default(TraceRecord);
            while (reader.Read(ref record))
            {
                var info = reader.Events[record.EventIndex];
                for (int i = 0; i < record.ArgumentCount && i < info.ArgumentIsString.Length; i++)
                {
                    if (info.ArgumentIsString[i])
                    {
                        _ = reader.GetString(record, i);
                    }
                }
            }
        }
    }

    private static void Symbolize(SymbolFile file)
    {
        var symbolizer = new Symbolizer([file]);
        foreach (var section in file.Sections.Take(4))
        {
            symbolizer.DescribeLikeGdb(section.Address);
            symbolizer.DescribeLikeGdb(section.Address + (section.Size / 2));
        }
    }

    private static void WithFile(byte[] bytes, Action<string> parse)
    {
        var folder = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var path = Path.Combine(folder, $"qtrace-fuzz-{Environment.CurrentManagedThreadId}-{Guid.NewGuid():N}");
        File.WriteAllBytes(path, bytes);
        try
        {
            parse(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Head(string relative, int length)
    {
        using var gzip = new GZipStream(File.OpenRead(RepositoryData.PathOf(relative.Split('/'))), CompressionMode.Decompress);
        var buffer = new byte[length];
        int total = 0;
        while (total < length && gzip.Read(buffer, total, length - total) is int n and > 0)
        {
            total += n;
        }

        return buffer[..total];
    }

    private static IEnumerable<string> Lines(string relative)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(RepositoryData.PathOf(relative.Split('/'))), CompressionMode.Decompress));
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    private static byte[] HeadLines(string relative, int count) => Encoding.UTF8.GetBytes(string.Join('\n', Lines(relative).Take(count)) + "\n");

    private static byte[] TailLines(string relative, int count)
    {
        var queue = new Queue<string>();
        foreach (var line in Lines(relative))
        {
            queue.Enqueue(line);
            if (queue.Count > count)
            {
                queue.Dequeue();
            }
        }

        return Encoding.UTF8.GetBytes(string.Join('\n', queue) + "\n");
    }

    /// <summary>The linker-script marker lines that make sections, so mutations reach the section logic.</summary>
    private static byte[] MarkerLines(string relative) => Encoding.UTF8.GetBytes(string.Join('\n', Lines(relative)
        .Where(l => l.EndsWith(" _text", StringComparison.Ordinal) || l.EndsWith(" _etext", StringComparison.Ordinal)
            || l.EndsWith(" start_kernel", StringComparison.Ordinal) || l.EndsWith(" do_idle", StringComparison.Ordinal)
            || l.EndsWith(" __per_cpu_start", StringComparison.Ordinal) || l.EndsWith(" __per_cpu_end", StringComparison.Ordinal))) + "\n");

    private static byte[] TraceEventsSlice()
    {
        var text = File.ReadAllText(RepositoryData.PathOf("boot", "trace-events-all"));
        int at = text.IndexOf("exec_tb", StringComparison.Ordinal);
        int start = text.LastIndexOf('\n', Math.Max(0, at - 600)) + 1;
        return Encoding.UTF8.GetBytes(text.Substring(start, Math.Min(1500, text.Length - start)));
    }
}
