using System.Text;
using QemuTrace.Formats;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Hostile;

/// <summary>Issue 12 item 7: event-name lookup in text traces is a hash probe, not a scan of every name met so far.</summary>
public class ManyEventNamesTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_simpletrace_text_with_100k_distinct_event_names_reads_in_linear_time()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 100_000; i++)
        {
            text.Append("event_").Append(i).Append(" 0.001 pid=1 value=0x").Append(i.ToString("x")).Append('\n');
        }

        var path = _files.Write("many.txt", text.ToString());

        // Quadratic lookup took over 60 s here; a bound 30x above the linear time keeps this from ever flaking.
        var read = Task.Run(() =>
        {
            using var reader = TraceFile.Open(path);
            return Traces.ReadAll(reader).Count;
        });

        Assert.Equal(100_000, await read.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
