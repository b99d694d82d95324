using QemuTrace.Formats;
using QemuTrace.Formats.Simple;

namespace QemuTrace.Tests.Support;

/// <summary>Builds small binary traces in memory with <see cref="SimpleTraceWriter"/> and reads them back.</summary>
public static class Traces
{
    public const string EventsText = """
        # a comment
        exec_tb(void *tb, uintptr_t pc) "tb:%p pc=0x%"PRIxPTR
        exec_tb_nocache(void *tb, uintptr_t pc) "tb:%p pc=0x%"PRIxPTR
        exec_tb_exit(void *last_tb, unsigned int flags) "tb:%p flags=0x%x"
        disable guest_message(const char *msg, int level) "msg %s level %d"

        """;

    public static TraceEventsFile Events { get; } = TraceEventsFile.Parse("test-events", EventsText);

    public static byte[] Build(int logVersion, Action<SimpleTraceWriter> body)
    {
        var stream = new MemoryStream();
        using (var writer = new SimpleTraceWriter(stream, logVersion, leaveOpen: true))
        {
            body(writer);
        }

        return stream.ToArray();
    }

    public static SimpleTraceReader Open(byte[] bytes, TraceEventsFile? events = null) =>
        new(new MemoryStream(bytes), "test.bin", events ?? Events);

    public static List<(string Event, ulong Time, uint Pid, ulong[] Args)> ReadAll(ITraceReader reader)
    {
        var list = new List<(string, ulong, uint, ulong[])>();
        var record = default(TraceRecord);
        while (reader.Read(ref record))
        {
            var args = new ulong[record.ArgumentCount];
            for (int i = 0; i < args.Length; i++)
            {
                args[i] = record.Arguments[i];
            }

            list.Add((reader.Events[record.EventIndex].Name, record.TimestampNs, record.Pid, args));
        }

        return list;
    }
}
