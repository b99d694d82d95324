namespace QemuTrace.Interactive.Tests;

/// <summary>
/// One kernel with the data/ boot trace and its symbols loaded, shared by every class of <see cref="LoadedBootCollection"/>:
/// the kernel, the trace and the vmlinux symbols load once and the analysis pass runs once for all of them.
/// </summary>
public sealed class LoadedBootKernel : IAsyncLifetime, IDisposable
{
    public TraceKernel Trace { get; } = new();

    public Task InitializeAsync() => Trace.LoadBootAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => Trace.Dispose();
}

/// <summary>
/// The classes that read the loaded boot through <c>#!trace</c> commands. They ran on one kernel per class; they share
/// one now, as the tests of each class always did (the assembly runs one test at a time, so they never overlap). Each
/// binds its own variable names and asserts only what its own commands produce.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LoadedBootCollection : ICollectionFixture<LoadedBootKernel>
{
    public const string Name = "one kernel with the data/ boot loaded";
}
