using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace QemuTrace.Charts.Isolation;

/// <summary>
/// A private load context that prefers the assemblies of one folder (QemuTrace.Charts, Plotly.NET, FSharp.Core 10.1,
/// DynamicObj, Giraffe.ViewEngine, Newtonsoft.Json...) over whatever the host loaded, and leaves the shared framework to the
/// default context.
/// </summary>
internal sealed class ChartLoadContext : AssemblyLoadContext
{
    private readonly string _directory;
    private readonly string _frameworkDirectory = RuntimeEnvironment.GetRuntimeDirectory();

    public ChartLoadContext(string directory)
        : base($"QemuTrace.Charts isolated ({directory})", isCollectible: false)
    {
        _directory = directory;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is not string name || File.Exists(Path.Combine(_frameworkDirectory, name + ".dll")))
        {
            // Framework assemblies must be the runtime's own: two System.Runtime would make every type differ.
            return null;
        }

        var folder = string.IsNullOrEmpty(assemblyName.CultureName) ? _directory : Path.Combine(_directory, assemblyName.CultureName);
        var path = Path.Combine(folder, name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
