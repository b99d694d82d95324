namespace QemuTrace.Interactive.Tests;

/// <summary>One kernel with the data/ boot trace and its symbols loaded, shared by a test class (the pass runs once).</summary>
public sealed class LoadedBootKernel : IAsyncLifetime, IDisposable
{
    public TraceKernel Trace { get; } = new();

    public Task InitializeAsync() => Trace.LoadBootAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => Trace.Dispose();
}
