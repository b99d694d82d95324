namespace QemuTrace.Testing;

/// <summary>
/// Tests that boot a real kernel under QEMU take minutes each on a 2-core machine, so the default test run leaves them
/// out; <c>QTRACE_QEMU_TESTS=1</c> runs them (.ci/run sets it).
/// </summary>
public static class RealBoots
{
    /// <summary>The environment variable that turns the real-boot tests on.</summary>
    public const string Variable = "QTRACE_QEMU_TESTS";

    /// <summary>Why a real-boot test is skipped, or null when it runs.</summary>
    public static string? SkipReason =>
        Environment.GetEnvironmentVariable(Variable) == "1"
            ? null
            : $"boots a real kernel under QEMU (minutes): run with {Variable}=1, as .ci/run does";
}

/// <summary>A fact that boots a real kernel under QEMU: it needs <paramref name="paths"/> and <see cref="RealBoots.Variable"/>=1.</summary>
public sealed class FactWhenQemuBootsAttribute : FactAttribute
{
    public FactWhenQemuBootsAttribute(string why, string[] paths)
    {
        var missing = paths.Where(p => !File.Exists(p)).ToList();
        Skip = missing.Count > 0 ? $"{string.Join(", ", missing)} absent: {why}" : RealBoots.SkipReason;
    }
}
