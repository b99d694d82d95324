namespace QemuTrace.Tests.Support;

/// <summary>A fact that is skipped, with the reason shown, when a file it needs (outside the repository) is absent.</summary>
public sealed class FactWhenFileExistsAttribute : FactAttribute
{
    public FactWhenFileExistsAttribute(string path, string why)
    {
        if (!File.Exists(path))
        {
            Skip = $"{path} is absent: {why}";
        }
    }
}
