using System.CommandLine;
using QemuTrace.Formats;
using QemuTrace.Formats.Blocks;

namespace QemuTrace.Cli;

/// <summary><c>qtrace info</c>: what a trace holds: format, records per event, span of time, dropped and out-of-order records.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var trace = CommonOptions.Trace();
        var events = CommonOptions.Events();
        var inputFormat = CommonOptions.InputFormat();
        var command = new Command("info", "Summarise a trace: format, records per event, time span, dropped and out-of-order records.")
        {
            trace, events, inputFormat,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var path = parse.GetValue(trace)!;
            using var reader = CommonOptions.OpenTrace(path, parse.GetValue(events), parse.GetValue(inputFormat));
            var reporter = new ProgressReporter(path);
            var record = default(TraceRecord);
            ulong first = 0, min = ulong.MaxValue, max = 0;
            long n = 0;
            var records = new TimestampSpikeFilter(reader);
            while (records.Read(ref record))
            {
                if (n == 0)
                {
                    first = record.TimestampNs;
                }

                min = Math.Min(min, record.TimestampNs);
                max = Math.Max(max, record.TimestampNs);
                reporter.Update(++n, reader.Statistics.BytesRead);
            }

            reporter.Done();
            var stats = reader.Statistics;
            Console.WriteLine($"file          {path}");
            Console.WriteLine($"format        {reader.Format}{(reader.LogVersion is int v ? $" (log version {v})" : "")}");
            Console.WriteLine($"bytes         {stats.BytesRead:N0}{(path.EndsWith(".gz", StringComparison.Ordinal) ? " (decompressed)" : "")}");
            Console.WriteLine($"records       {stats.Records:N0}");
            if (n > 0 && reader.HasTimestamps)
            {
                Console.WriteLine($"time span     {(max - min) / 1e9:F6} s (first record at {first} ns on the writer's clock)");
            }
            else if (n > 0)
            {
                Console.WriteLine("time span     unknown: the log has no timestamps (record it with -msg timestamp=on)");
            }

            Console.WriteLine($"dropped       {stats.DroppedEvents:N0} events in {stats.DroppedRecords:N0} Dropped_Event records");
            Console.WriteLine($"out of order  {stats.OutOfOrder:N0} records earlier than their predecessor");
            if (stats.CorruptTimestamps > 0)
            {
                Console.WriteLine($"corrupt time  {stats.CorruptTimestamps:N0} record(s) far from both neighbours (repaired to the previous record's time)");
            }

            if (reader is QemuTrace.Formats.Text.ICpuStateSource { CpuStateCount: > 0 } cpu)
            {
                Console.WriteLine($"register dumps {cpu.CpuStateCount:N0} (-d cpu, {stats.SkippedLines:N0} lines)");
            }
            else if (stats.SkippedLines > 0)
            {
                Console.WriteLine($"skipped lines {stats.SkippedLines:N0}");
            }

            if (reader is BlockTraceReader blocks)
            {
                DescribeBlockCapture(blocks);
            }

            Console.WriteLine("events:");
            foreach (var e in reader.Events.All.OrderByDescending(e => Count(stats, e.Index)))
            {
                long count = Count(stats, e.Index);
                if (count > 0)
                {
                    Console.WriteLine($"  {e.Name,-20} {count,14:N0}");
                }
            }

            CommonOptions.ReportWarnings(reader);
            return 0;
        }));
        return command;
    }

    private static void DescribeBlockCapture(BlockTraceReader blocks)
    {
        var h = blocks.Header;
        Console.WriteLine($"clock         {(h.Clock == BlockClockSource.Tsc ? $"host TSC ({h.TicksPerSecond / 1e9:F3} GHz), converted to CLOCK_MONOTONIC ns" : "CLOCK_MONOTONIC ns")}");
        Console.WriteLine($"start         {(h.Start == BlockStartCondition.Reset ? "reset (every block)" : $"first execution of 0x{h.StartPc:x}")}");
        Console.WriteLine($"plugin API    {h.PluginApiVersion} (the QEMU that ran it accepts up to {h.QemuApiVersion}); {h.VcpuSlots} vCPU slot{(h.VcpuSlots == 1 ? "" : "s")}");
        Console.WriteLine($"instructions  {blocks.Instructions:N0}");
        Console.WriteLine(blocks.Trailer is { } t
            ? $"trailer       {t.Records:N0} records in {t.Chunks:N0} chunks, as read; inline counters {t.InlineBlocks:N0} blocks, {t.InlineInstructions:N0} instructions"
            : "trailer       none: QEMU did not exit normally, nothing checks that every block is here");
    }

    private static long Count(TraceReadStatistics stats, int index) =>
        index < stats.RecordsPerEvent.Length ? stats.RecordsPerEvent[index] : 0;
}
