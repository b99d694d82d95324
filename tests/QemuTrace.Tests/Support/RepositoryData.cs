namespace QemuTrace.Tests.Support;

/// <summary>Finds the repository's data/ directory from the test binaries.</summary>
public static class RepositoryData
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, "data", .. parts]);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Notebooks.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Notebooks.sln not found above " + AppContext.BaseDirectory);
    }
}
