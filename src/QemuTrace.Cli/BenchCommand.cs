using System.CommandLine;
using System.Diagnostics;
using QemuTrace.Analysis;
using QemuTrace.Export;
using QemuTrace.Formats;

namespace QemuTrace.Cli;

/// <summary><c>qtrace bench</c>: measures parse-only (or decode) throughput and peak memory on a trace.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var trace = CommonOptions.Trace();
        var events = CommonOptions.Events();
        var mode = new Option<string>("--mode")
        {
            Description = "parse: read every record and touch its PC; columns: the same through the analyses' column path (the reader's fast path); decode: also format simpletrace.py text to /dev/null; stream: the symbolized block stream with no analysis pass (needs symbols); analyze: every analysis (needs symbols).",
            DefaultValueFactory = _ => "parse",
        };
        mode.AcceptOnlyFromAmong("parse", "columns", "decode", "stream", "analyze");
        var threads = new Option<int>("--threads")
        {
            Description = "stream and analyze: 2 decodes on a second thread while the passes run (the default, as every command does); decode: 2 formats on every core; columns: 2 decodes an every-block capture file's chunks on every core (other traces on a reading thread); 1 does everything on one thread.",
            DefaultValueFactory = _ => 2,
        };
        threads.AcceptOnlyFromAmong("1", "2");
        var symbols = new SymbolOptions();
        var command = new Command("bench", "Measure throughput (MB/s, records/s) and peak memory on a trace.")
        {
            trace, events, mode, threads,
        };
        symbols.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var path = parse.GetValue(trace)!;
            var selected = parse.GetValue(mode)!;
            var symbolClock = Stopwatch.StartNew();
            var symbolizer = selected is "analyze" or "stream" ? new SymbolizerPcSource(symbols.Load(parse, path)) : null;
            symbolClock.Stop();
            long allocatedBefore = GC.GetTotalAllocatedBytes(true);
            var clock = Stopwatch.StartNew();
            using var reader = CommonOptions.OpenTrace(path, parse.GetValue(events), null);
            var record = default(TraceRecord);
            ulong checksum = 0;
            var options = new BootAnalysisOptions
            {
                Reading = parse.GetValue(threads) == 1 ? QemuTrace.Analysis.Passes.TraceReading.OneThread : QemuTrace.Analysis.Passes.TraceReading.Default,
            };
            if (symbolizer is not null && selected == "stream")
            {
                var end = new QemuTrace.Analysis.Passes.TraceBlockStream(reader.Events, symbolizer, options, []).Run(reader);
                checksum = (ulong)end.AttributedNs;
            }
            else if (symbolizer is not null)
            {
                var analysis = BootAnalyzer.Run(reader, symbolizer, options);
                checksum = (ulong)analysis.AttributedNs;
            }
            else if (selected == "decode")
            {
                using var sink = Stream.Null;
                TraceTextDecoder.Decode(reader, sink, (output, source) => new SimpletraceTextWriter(output, source), parse.GetValue(threads) == 1 ? 1 : 0);
            }
            else if (selected == "columns" && parse.GetValue(threads) != 1)
            {
                // Decoding on every core where the format allows (an every-block capture file's chunks), else on a
                // reading thread, while this one sums.
                using var pipeline = new QemuTrace.Formats.Columns.RecordColumnPipeline(reader, decodeWorkers: Environment.ProcessorCount);
                while (pipeline.Next() is { } columns)
                {
                    checksum += Checksum(columns);
                }
            }
            else if (selected == "columns")
            {
                var columns = new QemuTrace.Formats.Columns.RecordColumns();
                while (QemuTrace.Formats.Columns.RecordColumnReading.Fill(reader, columns))
                {
                    checksum += Checksum(columns);
                }
            }
            else
            {
                while (reader.Read(ref record))
                {
                    checksum += record.Arguments[1] ^ record.TimestampNs;
                }
            }

            clock.Stop();
            var stats = reader.Statistics;
            double seconds = clock.Elapsed.TotalSeconds;
            long allocated = GC.GetTotalAllocatedBytes(true) - allocatedBefore;
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;
            Console.WriteLine($"trace      {path}");
            Console.WriteLine($"mode       {selected}{(parse.GetValue(threads) == 1 ? ", one thread" : selected is "decode" or "columns" ? $", {Environment.ProcessorCount} threads" : selected is "stream" or "analyze" ? ", 2 threads" : "")}");
            Console.WriteLine($"bytes      {stats.BytesRead:N0} (decompressed)");
            Console.WriteLine($"records    {stats.Records:N0}");
            if (symbolizer is not null)
            {
                Console.WriteLine($"symbols    {symbolClock.Elapsed.TotalSeconds:F3} s to load (not in the wall time below)");
            }

            Console.WriteLine($"wall       {seconds:F3} s");
            Console.WriteLine($"throughput {stats.BytesRead / 1e6 / seconds:F1} MB/s, {stats.Records / 1e6 / seconds:F2} M records/s");
            Console.WriteLine($"peak RSS   {peak / 1e6:F1} MB");
            Console.WriteLine($"allocated  {allocated / 1e6:F1} MB managed in total");
            Console.WriteLine($"checksum   {checksum:x}");
            return 0;
        }));
        return command;
    }

    private static ulong Checksum(QemuTrace.Formats.Columns.RecordColumns columns)
    {
        ulong sum = 0;
        var times = columns.TimestampNs;
        var pcs = columns.Pc;
        for (int i = 0; i < times.Length; i++)
        {
            sum += pcs[i] ^ times[i];
        }

        return sum;
    }
}
