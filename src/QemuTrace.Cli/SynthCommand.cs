using System.CommandLine;
using System.Diagnostics;
using QemuTrace.Files;
using QemuTrace.Formats;
using QemuTrace.Formats.Simple;

namespace QemuTrace.Cli;

/// <summary>
/// <c>qtrace synth</c>: writes a large valid log-version-4 trace shaped like a real one by tiling the real trace's
/// records (same events, PCs, time deltas, dropped and out-of-order records) with time shifted forward each tile.
/// </summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var output = new Argument<string>("output") { Description = "The trace file to write (log version 4, uncompressed)." };
        var like = new Option<string>("--like")
        {
            Description = "A real trace to take the shape from (e.g. data/boot/trace-simple-v4.bin.gz).",
            Required = true,
        };
        var events = CommonOptions.Events();
        var records = new Option<long>("--records")
        {
            Description = "Number of event records to write.",
            DefaultValueFactory = _ => 100_000_000,
        };
        var command = new Command("synth", "Generate a large trace shaped like a real one, for benchmarks.")
        {
            output, like, events, records,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var path = parse.GetValue(output)!;
            string?[] inputs = [parse.GetValue(like), parse.GetValue(events)];
            OutputFile.RefuseInputs(path, inputs);
            var template = Template.Load(parse.GetValue(like)!, parse.GetValue(events));
            long count = parse.GetValue(records);
            var clock = Stopwatch.StartNew();
            OutputFile.Write(path, inputs, file =>
            {
                using var writer = new SimpleTraceWriter(file, leaveOpen: true);
                template.WriteMappings(writer);
                template.Write(writer, count, (written) =>
                {
                    if (!Console.IsErrorRedirected && written % 1_000_000 == 0)
                    {
                        Console.Error.Write($"\rqtrace synth: {written:N0} / {count:N0} records");
                    }
                });
            });

            if (!Console.IsErrorRedirected)
            {
                Console.Error.WriteLine();
            }

            var size = new FileInfo(path).Length;
            Console.WriteLine($"wrote {path}: {count:N0} records, {size / 1e6:F1} MB, {clock.Elapsed.TotalSeconds:F1} s (tiles of {template.Count:N0} records from {template.Source})");
            return 0;
        }));
        return command;
    }

    /// <summary>The real trace's records, kept as columns.</summary>
    private sealed class Template
    {
        private readonly List<string> _names = [];
        private int[] _event = [];
        private long[] _delta = [];
        private ulong[] _arg0 = [];
        private ulong[] _arg1 = [];
        private byte[] _argCount = [];
        private uint _pid;
        private long _span;

        public string Source { get; private set; } = "";

        public int Count { get; private set; }

        public static Template Load(string path, string? events)
        {
            using var reader = CommonOptions.OpenTrace(path, events, null);
            var t = new Template { Source = path };
            var ev = new List<int>();
            var delta = new List<long>();
            var a0 = new List<ulong>();
            var a1 = new List<ulong>();
            var ac = new List<byte>();
            var record = default(TraceRecord);
            ulong previous = 0;
            bool first = true;
            while (reader.Read(ref record))
            {
                var info = reader.Events[record.EventIndex];
                if (record.ArgumentCount > 2 || info.ArgumentIsString.Any(s => s))
                {
                    throw new TraceFormatException(path, TraceLocation.Byte(record.Position), $"event {info.Name} has more than two or string arguments; synth tiles exec_tb-style traces only");
                }

                ev.Add(record.EventIndex);
                delta.Add(first ? 0 : unchecked((long)(record.TimestampNs - previous)));
                a0.Add(record.ArgumentCount > 0 ? record.Arguments[0] : 0);
                a1.Add(record.ArgumentCount > 1 ? record.Arguments[1] : 0);
                ac.Add((byte)record.ArgumentCount);
                t._pid = record.Pid;
                previous = record.TimestampNs;
                first = false;
            }

            if (ev.Count == 0)
            {
                throw new TraceFormatException(path, null, "the trace has no records to take a shape from");
            }

            foreach (var info in reader.Events.All)
            {
                t._names.Add(info.Name);
            }

            t._event = ev.ToArray();
            t._delta = delta.ToArray();
            t._arg0 = a0.ToArray();
            t._arg1 = a1.ToArray();
            t._argCount = ac.ToArray();
            t.Count = ev.Count;
            t._span = t._delta.Sum();
            return t;
        }

        public void WriteMappings(SimpleTraceWriter writer)
        {
            for (int i = 0; i < _names.Count; i++)
            {
                if (_names[i] != TraceEventDeclaration.DroppedEvent.Name)
                {
                    writer.WriteMapping((ulong)i, _names[i]);
                }
            }
        }

        public void Write(SimpleTraceWriter writer, long count, Action<long> progress)
        {
            ulong clock = 1_000_000_000;
            Span<ulong> args = stackalloc ulong[2];
            int dropped = _names.IndexOf(TraceEventDeclaration.DroppedEvent.Name);
            long written = 0;
            while (written < count)
            {
                for (int i = 0; i < Count && written < count; i++)
                {
                    // A gap of 1 us between tiles keeps time moving forward across tile boundaries.
                    clock = unchecked(clock + (ulong)(i == 0 ? 1000 : _delta[i]));
                    args[0] = _arg0[i];
                    args[1] = _arg1[i];
                    if (_event[i] == dropped)
                    {
                        writer.WriteDropped(clock, _pid, _arg0[i]);
                    }
                    else
                    {
                        writer.WriteEvent((ulong)_event[i], clock, _pid, args[.._argCount[i]]);
                    }

                    written++;
                    progress(written);
                }
            }
        }
    }
}
