using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.PackageManagement;
using QemuTrace.Interactive;

namespace QemuTrace.Notebooks;

/// <summary>The kernel a notebook runs in: a CompositeKernel with C# (NuGet, helpers, #!who, value sharing) and #!trace loaded.</summary>
public static class NotebookKernel
{
    /// <summary>Creates the kernel; <paramref name="workingDirectory"/> becomes the process's current directory.</summary>
    public static CompositeKernel Create(string? workingDirectory = null)
    {
        if (workingDirectory is not null)
        {
            Environment.CurrentDirectory = workingDirectory;
        }

        var csharp = new CSharpKernel()
            .UseNugetDirective((kernel, references) =>
            {
                kernel.AddAssemblyReferences(references.SelectMany(r => r.AssemblyPaths));
                return Task.CompletedTask;
            })
            .UseKernelHelpers()
            .UseWho()
            .UseValueSharing();
        var composite = new CompositeKernel { csharp };
        composite.DefaultKernelName = csharp.Name;
        QemuTraceKernelExtension.Load(composite);
        return composite;
    }
}
