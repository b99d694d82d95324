using System.Text.Json;
using QemuTrace.Analysis;
using QemuTrace.Formats;

namespace QemuTrace.Export;

/// <summary>
/// Writes a boot as Chrome trace-event JSON (<c>{"traceEvents": [...]}</c>), which ui.perfetto.dev, chrome://tracing
/// and speedscope open: one track of function runs (consecutive exec_tb intervals of the same function merged into
/// one slice), one track of syscalls, one of boot stages, and the milestones as instant events. Times are µs since
/// the trace's first record.
/// </summary>
public static class ChromeTraceWriter
{
    private const int Pid = 1;
    private const int FunctionTrack = 1;
    private const int SyscallTrack = 2;
    private const int StageTrack = 3;

    /// <summary>Streams <paramref name="reader"/>'s records (a second pass after <paramref name="analysis"/>) into <paramref name="output"/>.</summary>
    /// <param name="reader">A fresh reader of the trace the analysis was made from.</param>
    /// <param name="symbols">The symbols the analysis used.</param>
    /// <param name="analysis">Its milestones, stages and syscalls are written too.</param>
    /// <param name="output">Where the JSON goes.</param>
    /// <param name="minimumSliceNs">Function runs shorter than this are merged into their neighbours' gaps (0 keeps all).</param>
    public static void Write(ITraceReader reader, IPcSymbolizer symbols, BootAnalysis analysis, Stream output, long minimumSliceNs = 0)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("displayTimeUnit", "ns");
        json.WriteStartArray("traceEvents");
        Metadata(json, "process_name", 0, "name", $"QEMU guest boot: {Path.GetFileName(reader.Source)}");
        Metadata(json, "thread_name", FunctionTrack, "name", "function runs (exec_tb intervals)");
        Metadata(json, "thread_name", SyscallTrack, "name", "syscalls");
        Metadata(json, "thread_name", StageTrack, "name", "boot stages");
        WriteFunctionRuns(json, reader, symbols, minimumSliceNs);
        foreach (var s in analysis.Syscalls)
        {
            if (s.DurationNs is not long duration)
            {
                continue;
            }

            Slice(json, SyscallTrack, s.Syscall, "syscall", s.TimeNs, duration, ("named_by", BootAnalysisTables.NamedBy(s.NamedBy)), ("user_pc", $"0x{s.UserPc:x}"));
        }

        foreach (var stage in analysis.Stages)
        {
            Slice(json, StageTrack, stage.Name, "stage", stage.StartNs, stage.DurationNs);
        }

        foreach (var m in analysis.Milestones)
        {
            json.WriteStartObject();
            json.WriteString("name", m.Name);
            json.WriteString("cat", "milestone");
            json.WriteString("ph", "i");
            json.WriteString("s", "g");
            json.WriteNumber("ts", m.TimeNs / 1000.0);
            json.WriteNumber("pid", Pid);
            json.WriteNumber("tid", FunctionTrack);
            json.WriteStartObject("args");
            json.WriteString("pc", $"0x{m.Pc:x}");
            json.WriteString("function", m.Function);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteFunctionRuns(Utf8JsonWriter json, ITraceReader reader, IPcSymbolizer symbols, long minimumSliceNs)
    {
        var namer = new BootPcNamer(symbols);
        var record = default(TraceRecord);
        bool started = false;
        ulong t0 = 0;
        string? runName = null;
        long runStart = 0, runEnd = 0, runBlocks = 0;
        while (reader.Read(ref record))
        {
            if (!started)
            {
                started = true;
                t0 = record.TimestampNs;
            }

            var info = reader.Events[record.EventIndex];
            if (info.Kind is not (TraceEventKind.ExecTb or TraceEventKind.ExecTbNocache) || info.PcArgument < 0 || info.PcArgument >= record.ArgumentCount)
            {
                continue;
            }

            long time = unchecked((long)(record.TimestampNs - t0));
            string name = namer.Next(record.Arguments[info.PcArgument]).Function;
            if (runName is not null)
            {
                runEnd = Math.Max(runEnd, time);
            }

            if (!string.Equals(name, runName, StringComparison.Ordinal))
            {
                if (runName is not null && runEnd - runStart >= minimumSliceNs)
                {
                    Slice(json, FunctionTrack, runName, "function", runStart, runEnd - runStart, ("blocks", runBlocks.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }

                runName = name;
                runStart = time;
                runBlocks = 0;
            }

            runEnd = time;
            runBlocks++;
        }

        // The final record owns nothing: the last run ends at the last record.
        if (runName is not null && runEnd > runStart && runEnd - runStart >= minimumSliceNs)
        {
            Slice(json, FunctionTrack, runName, "function", runStart, runEnd - runStart, ("blocks", runBlocks.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    private static void Slice(Utf8JsonWriter json, int track, string name, string category, long startNs, long durationNs, params (string Key, string Value)[] args)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("cat", category);
        json.WriteString("ph", "X");
        json.WriteNumber("ts", startNs / 1000.0);
        json.WriteNumber("dur", durationNs / 1000.0);
        json.WriteNumber("pid", Pid);
        json.WriteNumber("tid", track);
        if (args.Length > 0)
        {
            json.WriteStartObject("args");
            foreach (var (key, value) in args)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void Metadata(Utf8JsonWriter json, string kind, int track, string key, string value)
    {
        json.WriteStartObject();
        json.WriteString("name", kind);
        json.WriteString("ph", "M");
        json.WriteNumber("pid", Pid);
        json.WriteNumber("tid", track);
        json.WriteStartObject("args");
        json.WriteString(key, value);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
