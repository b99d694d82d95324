namespace QemuTrace.Testing;

/// <summary>A fact that is skipped, with the reason shown, when files it needs (outside the repository) are absent.</summary>
public sealed class FactWhenFileExistsAttribute : FactAttribute
{
    public FactWhenFileExistsAttribute(string path, string why)
        : this(why, [path])
    {
    }

    public FactWhenFileExistsAttribute(string why, string[] paths)
    {
        var missing = paths.Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            Skip = $"{string.Join(", ", missing)} absent: {why}";
        }
    }
}
