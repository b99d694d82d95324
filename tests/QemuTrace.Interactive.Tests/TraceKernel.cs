using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using QemuTrace.Notebooks;

namespace QemuTrace.Interactive.Tests;

/// <summary>A real CompositeKernel with the C# kernel and the extension loaded, as the runner builds it.</summary>
public sealed class TraceKernel : IDisposable
{
    public TraceKernel()
    {
        Kernel = NotebookKernel.Create(RepositoryData.Root);
    }

    public CompositeKernel Kernel { get; }

    public static string Data(string relative) => Path.Combine(RepositoryData.Root, "data", "boot", relative);

    /// <summary>Loads the boot trace and its vmlinux symbols.</summary>
    public async Task LoadBootAsync()
    {
        await SucceedAsync($"#!trace load {Data("trace-simple-v4.bin.gz")} --events {Data("trace-events-all")}");
        await SucceedAsync($"#!trace symbols --vmlinux {Data("vmlinux-symbols.gz")}");
    }

    public async Task<KernelCommandResult> SubmitAsync(string code) => await Kernel.SubmitCodeAsync(code);

    /// <summary>Submits and asserts no CommandFailed.</summary>
    public async Task<KernelCommandResult> SucceedAsync(string code)
    {
        var result = await SubmitAsync(code);
        var failed = result.Events.OfType<CommandFailed>().FirstOrDefault();
        Assert.True(failed is null, $"`{code}` failed: {failed?.Message}");
        return result;
    }

    /// <summary>The value of the last expression of <paramref name="code"/>.</summary>
    public async Task<object?> EvaluateAsync(string code)
    {
        var result = await SucceedAsync(code);
        return result.Events.OfType<ReturnValueProduced>().Single().Value;
    }

    public static string Html(KernelCommandResult result) => string.Join("\n", result.Events.OfType<DisplayEvent>()
        .SelectMany(e => e.FormattedValues).Where(v => v.MimeType == "text/html").Select(v => v.Value));

    public static string Text(KernelCommandResult result) => string.Join("\n", result.Events.OfType<DisplayEvent>()
        .SelectMany(e => e.FormattedValues).Where(v => v.MimeType == "text/plain").Select(v => v.Value));

    public void Dispose()
    {
        Kernel.Dispose();
        Formatter.ResetToDefault();
    }
}
