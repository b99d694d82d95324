using System.Diagnostics;

namespace QemuTrace.Cli;

/// <summary>Shows how far a long read has got, on stderr, when stderr is a terminal (or when asked).</summary>
internal sealed class ProgressReporter
{
    private readonly long _total;
    private readonly bool _enabled;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _nextReport = 1000;

    public ProgressReporter(string path, bool force = false)
    {
        _total = File.Exists(path) ? new FileInfo(path).Length : 0;
        _enabled = force || !Console.IsErrorRedirected;
    }

    /// <summary>Cheap to call per record: checks the clock only every 64 Ki records.</summary>
    public void Update(long records, long bytes)
    {
        if (!_enabled || (records & 0xFFFF) != 0)
        {
            return;
        }

        long now = _clock.ElapsedMilliseconds;
        if (now < _nextReport)
        {
            return;
        }

        _nextReport = now + 500;
        double mb = bytes / 1e6;
        string of = _total > 0 ? $" (file {_total / 1e6:F0} MB)" : "";
        Console.Error.Write($"\rqtrace: {records:N0} records, {mb:F0} MB read{of}, {mb / Math.Max(now / 1000.0, 0.001):F0} MB/s   ");
    }

    /// <summary>This reporter as the progress a <see cref="QemuTrace.Session.TraceSession"/> reports (on the reading thread).</summary>
    public IProgress<QemuTrace.Session.TraceProgress> AsProgress() => new Forward(this);

    public void Done()
    {
        if (_enabled && _clock.ElapsedMilliseconds >= 1000)
        {
            Console.Error.WriteLine();
        }
    }

    private sealed class Forward(ProgressReporter reporter) : IProgress<QemuTrace.Session.TraceProgress>
    {
        public void Report(QemuTrace.Session.TraceProgress value) => reporter.Update(value.Records, value.BytesRead);
    }
}
