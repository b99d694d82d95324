using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using QemuTrace.Formats;
using QemuTrace.Symbols;

namespace QemuTrace.Cli;

/// <summary><c>qtrace symbolize</c>: gdb's <c>info symbol</c> answer for addresses, or symbols appended to text lines.</summary>
internal static class SymbolizeCommand
{
    public static Command Create()
    {
        var vmlinux = new Option<string?>("--vmlinux") { Description = "The kernel ELF with its symbol table (the debug vmlinux, e.g. from linux-image-*-dbg); .gz is read as is." };
        var systemMap = new Option<string?>("--system-map") { Description = "The kernel's System.map (no sizes: a symbol extends to the next one)." };
        var kallsyms = new Option<string?>("--kallsyms") { Description = "A /proc/kallsyms snapshot read as root with kptr_restrict=0, including its [module] lines." };
        var modules = new Option<string[]>("--module") { Description = SymbolLoader.ModuleOptionHelp + " Answers then read `... of PATH` like gdb after add-symbol-file.", AllowMultipleArgumentsPerToken = false };
        var users = new Option<string[]>("--user") { Description = "A userspace ELF BINARY@BASE, BASE being where its lowest segment was mapped; repeatable." };
        var kaslr = new Option<string?>("--kaslr-offset") { Description = "The kernel's KASLR offset (hex), or `auto` to find it from --trace (the shift that puts the trace's kernel PCs on function starts)." };
        var trace = new Option<string?>("--trace") { Description = "A trace whose PCs --kaslr-offset auto and --bench use." };
        var filter = new Option<bool>("--filter") { Description = "Read text lines on stdin and append [SYMBOL+0xOFF] after every address-looking token (0x-prefixed hex or 16-hex-digit words), like ksyms.pl." };
        var replace = new Option<bool>("--replace") { Description = "With --filter, replace the address by the symbol instead of appending." };
        var bench = new Option<bool>("--bench") { Description = "Benchmark: print load time and lookups per second on one core for PCs drawn from --trace or --pc-counts (count-weighted)." };
        var pcCounts = new Option<string?>("--pc-counts") { Description = "With --bench: `COUNT 0xPC` lines to draw PCs from." };
        var addresses = new Argument<string[]>("address") { Description = "Addresses in hex, with or without 0x; without any, one per line on stdin.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("symbolize", "Print gdb's `info symbol` answer for each address, exactly, from a vmlinux, System.map or kallsyms, with modules and KASLR.")
        {
            vmlinux, systemMap, kallsyms, modules, users, kaslr, trace, filter, replace, bench, pcCounts, addresses,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var load = Stopwatch.StartNew();
            int sources = (parse.GetValue(vmlinux) is null ? 0 : 1) + (parse.GetValue(systemMap) is null ? 0 : 1) + (parse.GetValue(kallsyms) is null ? 0 : 1);
            if (sources != 1)
            {
                throw new TraceFormatException("qtrace symbolize", null, $"give exactly one symbol source: --vmlinux FILE, --system-map FILE or --kallsyms FILE ({(sources == 0 ? "none" : "several")} given)");
            }

            var symbolizer = SymbolLoader.Load(
                new SymbolSources
                {
                    Vmlinux = parse.GetValue(vmlinux),
                    SystemMap = parse.GetValue(systemMap),
                    Kallsyms = parse.GetValue(kallsyms),
                    Modules = parse.GetValue(modules) ?? [],
                    Users = parse.GetValue(users) ?? [],
                    KaslrOffset = parse.GetValue(kaslr),
                    Trace = parse.GetValue(trace),
                },
                out var estimate);
            if (estimate is not null)
            {
                Console.Error.WriteLine($"qtrace: {parse.GetValue(trace)}: {estimate}");
            }

            load.Stop();
            if (parse.GetValue(bench))
            {
                return SymbolBenchmark.Run(symbolizer, load.Elapsed, parse.GetValue(trace), parse.GetValue(pcCounts));
            }

            using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
            if (parse.GetValue(filter))
            {
                var rewriter = new AddressTextFilter(symbolizer, parse.GetValue(replace));
                using var stdin = new StreamReader(Console.OpenStandardInput(), Encoding.UTF8);
                string? line;
                while ((line = stdin.ReadLine()) is not null)
                {
                    stdout.WriteLine(rewriter.Rewrite(line));
                }

                return 0;
            }

            var arguments = parse.GetValue(addresses) ?? [];
            if (arguments.Length > 0)
            {
                for (int i = 0; i < arguments.Length; i++)
                {
                    var (pc, text) = ParseAddress(arguments[i], "<arguments>", TraceLocation.Line(i + 1), "argument");
                    stdout.WriteLine(symbolizer.DescribeLikeGdb(pc, text));
                }
            }
            else
            {
                using var stdin = new StreamReader(Console.OpenStandardInput(), Encoding.UTF8);
                string? line;
                long number = 0;
                while ((line = stdin.ReadLine()) is not null)
                {
                    number++;
                    if (line.Trim().Length == 0)
                    {
                        continue;
                    }

                    var (pc, text) = ParseAddress(line.Trim(), "<stdin>", TraceLocation.Line(number), "line");
                    stdout.WriteLine(symbolizer.DescribeLikeGdb(pc, text));
                }
            }

            return 0;
        }));
        return command;
    }

    private static (ulong Pc, string Text) ParseAddress(string token, string source, TraceLocation? location, string what)
    {
        var digits = token.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? token[2..] : token;
        if (digits.Length == 0 || digits.Length > 16 || !ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong pc))
        {
            throw new TraceFormatException(source, location, $"expected a hex address (e.g. 0xffffffff81000000 or ffffffff81000000) as the {what}, found `{(token.Length > 60 ? token[..60] + "..." : token)}`; give one address per line");
        }

        // gdb echoes the expression as written; a bare hex number is echoed as the 0x form it means.
        return (pc, digits.Length == token.Length ? "0x" + token : token);
    }
}

/// <summary><c>qtrace symbolize --bench</c>: symbol load time and lookup throughput on one core.</summary>
internal static class SymbolBenchmark
{
    private const int Lookups = 50_000_000;

    public static int Run(Symbolizer symbolizer, TimeSpan loadTime, string? trace, string? pcCounts)
    {
        var (pcs, weights) = pcCounts is not null ? ReadPcCounts(pcCounts)
            : trace is not null ? CountTrace(trace)
            : throw new TraceFormatException("--bench", null, "needs --pc-counts FILE (`COUNT 0xPC` lines) or --trace TRACE to draw PCs from");

        // Draw the lookup stream by count, as a trace would present it.
        var cumulative = new double[weights.Length];
        double sum = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            cumulative[i] = sum;
        }

        var random = new Random(3);
        var stream = new ulong[Lookups];
        for (int i = 0; i < stream.Length; i++)
        {
            int at = Array.BinarySearch(cumulative, random.NextDouble() * sum);
            stream[i] = pcs[at >= 0 ? at : Math.Min(~at, pcs.Length - 1)];
        }

        var ids = new int[stream.Length];
        long before = GC.GetAllocatedBytesForCurrentThread();
        var cold = Stopwatch.StartNew();
        symbolizer.LookupIds(stream.AsSpan(0, 1_000_000), ids.AsSpan(0, 1_000_000));
        cold.Stop();
        var timer = Stopwatch.StartNew();
        symbolizer.LookupIds(stream, ids);
        timer.Stop();
        var uncached = Stopwatch.StartNew();
        long found = 0;
        for (int i = 0; i < 5_000_000; i++)
        {
            found += symbolizer.LookupIdUncached(stream[i]) >= 0 ? 1 : 0;
        }

        uncached.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Console.WriteLine($"symbols: {symbolizer.SymbolCount} in {symbolizer.Files.Count} file(s), {symbolizer.RangeCount} constant-answer ranges");
        Console.WriteLine($"load (read, sort, build ranges): {loadTime.TotalSeconds:0.000} s");
        Console.WriteLine($"distinct PCs: {pcs.Length}, lookups: {Lookups} (count-weighted), hits: {ids.Count(i => i >= 0)}");
        Console.WriteLine($"first 1M lookups (cold cache): {1_000_000 / cold.Elapsed.TotalSeconds / 1e6:0.0} M/s");
        Console.WriteLine($"cached LookupIds: {Lookups / timer.Elapsed.TotalSeconds / 1e6:0.0} M lookups/s ({timer.Elapsed.TotalMilliseconds * 1e6 / Lookups:0.0} ns each)");
        Console.WriteLine($"uncached binary search: {5_000_000 / uncached.Elapsed.TotalSeconds / 1e6:0.0} M lookups/s");
        Console.WriteLine($"allocated during lookups: {allocated / 1024} KiB; peak working set: {Environment.WorkingSet / (1024 * 1024)} MiB (process {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB)");
        return 0;
    }

    private static (ulong[] Pcs, double[] Weights) ReadPcCounts(string path)
    {
        var pcs = new List<ulong>();
        var weights = new List<double>();
        using var reader = new StreamReader(TraceFile.OpenContent(path));
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 2 && double.TryParse(f[0], CultureInfo.InvariantCulture, out double n)
                && ulong.TryParse(f[1].StartsWith("0x", StringComparison.Ordinal) ? f[1][2..] : f[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong pc))
            {
                pcs.Add(pc);
                weights.Add(n);
            }
        }

        return (pcs.ToArray(), weights.ToArray());
    }

    private static (ulong[] Pcs, double[] Weights) CountTrace(string trace)
    {
        var counts = new Dictionary<ulong, double>();
        foreach (ulong pc in SymbolLoader.TracePcs(trace, long.MaxValue))
        {
            counts[pc] = counts.GetValueOrDefault(pc) + 1;
        }

        return (counts.Keys.ToArray(), counts.Values.ToArray());
    }
}
