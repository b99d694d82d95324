using QemuTrace.Notebooks;
using QemuTrace.Testing;

namespace QemuTrace.Fuzz;

/// <summary>The .ipynb reading of the notebook runner: the shape check, then the document parser it guards.</summary>
public static class NotebookFuzzTarget
{
    /// <summary>Seeds: the repository's notebooks.</summary>
    public static FuzzTarget Create() => new("ipynb",
        [.. Directory.GetFiles(Path.Combine(RepositoryData.Root, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal).Select(File.ReadAllBytes)],
        bytes => JupyterShape.Parse("fuzz.ipynb", bytes));
}
