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
/// <remarks>
/// Slices on a track follow each other back to back. A slice's <c>dur</c> is written so that <c>ts + dur</c>, added in
/// float64 as every reader does, never passes the next slice's <c>ts</c>: speedscope otherwise sees an end after the next
/// begin, logs "Tried to end ... Doing nothing instead" and fails to build its call tree. Slices carry no per-slice
/// <c>args</c>, which speedscope would take as different frames of one function; what varies per syscall (the user PC,
/// how it was named) is in the syscalls table.
/// </remarks>
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

            Slice(json, SyscallTrack, s.Syscall, "syscall", s.TimeNs, s.TimeNs + duration);
        }

        foreach (var stage in analysis.Stages)
        {
            Slice(json, StageTrack, stage.Name, "stage", stage.StartNs, stage.EndNs);
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
        var records = new SymbolizedRecordReader(reader, symbols);
        string? runName = null;
        long runStart = 0, runEnd = 0;
        while (records.Read(out var record))
        {
            var kind = reader.Events[record.EventIndex].Kind;
            if (kind is not (TraceEventKind.ExecTb or TraceEventKind.ExecTbNocache) || !record.HasPc)
            {
                continue;
            }

            // Out-of-order timestamps do not move the clock back: runs stay back to back and never overlap.
            long time = Math.Max(runEnd, record.TimeNs);
            string name = record.Function!;
            if (!string.Equals(name, runName, StringComparison.Ordinal))
            {
                if (runName is not null && time - runStart >= minimumSliceNs)
                {
                    Slice(json, FunctionTrack, runName, "function", runStart, time);
                }

                runName = name;
                runStart = time;
            }

            runEnd = time;
        }

        // The final record owns nothing: the last run ends at the last record.
        if (runName is not null && runEnd > runStart && runEnd - runStart >= minimumSliceNs)
        {
            Slice(json, FunctionTrack, runName, "function", runStart, runEnd);
        }
    }

    private static void Slice(Utf8JsonWriter json, int track, string name, string category, long startNs, long endNs)
    {
        var (ts, dur) = SliceMicroseconds(startNs, endNs);
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("cat", category);
        json.WriteString("ph", "X");
        json.WriteNumber("ts", ts);
        json.WriteNumber("dur", dur);
        json.WriteNumber("pid", Pid);
        json.WriteNumber("tid", track);
        json.WriteEndObject();
    }

    /// <summary>
    /// A slice's <c>ts</c> and <c>dur</c> in µs such that <c>ts + dur</c> in float64 is at most <paramref name="endNs"/>'s
    /// <c>ts</c> (and equal to it wherever float64 allows): back-to-back slices never overlap for a reader.
    /// </summary>
    public static (double Ts, double Dur) SliceMicroseconds(long startNs, long endNs)
    {
        double ts = startNs / 1000.0, end = endNs / 1000.0;
        double dur = Math.Max(0, end - ts);
        while (dur > 0 && ts + dur > end)
        {
            dur = Math.BitDecrement(dur);
        }

        return (ts, dur);
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
