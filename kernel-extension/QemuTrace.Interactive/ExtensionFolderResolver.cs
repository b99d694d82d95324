using System.Reflection;
using System.Runtime.Loader;

namespace QemuTrace.Interactive;

/// <summary>Resolves the extension's dependencies from the folder it was loaded from, when the host's probing does not.</summary>
internal static class ExtensionFolderResolver
{
    private static int _installed;

    public static void Install(Assembly extension)
    {
        var folder = Path.GetDirectoryName(extension.Location);
        if (string.IsNullOrEmpty(folder) || Interlocked.Exchange(ref _installed, 1) == 1)
        {
            return;
        }

        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            var candidate = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
        };
    }
}
