using System.Reflection;
using Microsoft.DotNet.Interactive;
using QemuTrace.Interactive.Formatting;

namespace QemuTrace.Interactive;

/// <summary>
/// The extension's entry point: registers the formatters and the <c>#!trace</c> magic command, then shows a one-line
/// hint. Loaded by <c>#r "nuget: QemuTrace.Interactive"</c> in a cell before the first <c>#!trace</c> (the host
/// runs the package's interactive-extensions/dotnet/extension.dib, which calls <see cref="Load"/>, once the restoring
/// submission completes; this DLL itself is in lib/) or by calling <see cref="Load"/> from an in-process host.
/// <see cref="OnLoadAsync"/> serves hosts that load an extension DLL placed directly in interactive-extensions/dotnet.
/// </summary>
public sealed class QemuTraceKernelExtension : IKernelExtension
{
    /// <inheritdoc />
    public Task OnLoadAsync(Kernel kernel)
    {
        // A host loads the DLLs of interactive-extensions/dotnet one by one, in directory order, without probing that
        // folder for dependencies: resolve QemuTrace.dll, Microsoft.Data.Analysis... from it before using them.
        ExtensionFolderResolver.Install(typeof(QemuTraceKernelExtension).Assembly);
        Load(kernel);
        return Task.CompletedTask;
    }

    /// <summary>Registers formatters and <c>#!trace</c> on <paramref name="kernel"/> (the root kernel); safe to call twice.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static void Load(Kernel kernel)
    {
        var root = kernel.RootKernel;
        TraceFormatters.Register();
        if (TraceNotebook.For(root).DirectiveRegistered)
        {
            return;
        }

        TraceDirective.Register(root);
        VariableBinder.Reference(root);
        TraceNotebook.For(root).DirectiveRegistered = true;
        KernelInvocationContext.Current?.DisplayAs(LoadHint(), "text/plain");
    }

    /// <summary>
    /// The one-line hint shown on load. It names the bundled boot of the clone that built this package by absolute path
    /// (a notebook may be anywhere, and its working directory with it), or the user's own files when that clone is gone.
    /// </summary>
    internal static string LoadHint()
    {
        var clone = typeof(QemuTraceKernelExtension).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "QemuTrace.Clone")?.Value;
        var boot = clone is null ? null : Path.Combine(clone, "data", "boot");
        return boot is not null && File.Exists(Path.Combine(boot, "trace-simple-v4.bin.gz"))
            ? $"QemuTrace loaded. Try: #!trace load {Path.Combine(boot, "trace-simple-v4.bin.gz")} --events {Path.Combine(boot, "trace-events-all")}, " +
              $"then #!trace symbols --vmlinux {Path.Combine(boot, "vmlinux-symbols.gz")}; #!trace --help lists every subcommand"
            : "QemuTrace loaded. Try: #!trace load /path/to/trace --events /path/to/trace-events-all, then #!trace symbols --vmlinux /path/to/vmlinux; #!trace --help lists every subcommand";
    }
}
