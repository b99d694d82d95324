namespace QemuTrace.Tests.Support;

/// <summary>
/// A fact that needs Debian's qemu-system-x86_64 and gcc, and possibly the data/ kernel image
/// (data/capture/01-packages.sh puts it in the capture scratch directory); skipped with the reason shown when one is absent.
/// </summary>
public sealed class FactWhenQemuCanRecordBlocksAttribute : FactAttribute
{
    /// <summary>The kernel image the capture scripts fetch.</summary>
    public static string Vmlinuz { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("CAPTURE_SCRATCH") ?? "/work/capture-scratch", "kernel", "image", "boot", "vmlinuz-6.1.0-50-amd64");

    /// <summary>Needs QEMU and gcc, and the data/ kernel image when <paramref name="needsKernel"/>.</summary>
    public FactWhenQemuCanRecordBlocksAttribute(bool needsKernel = true)
    {
        string[] needed = needsKernel ? ["/usr/bin/qemu-system-x86_64", "/usr/bin/gcc", Vmlinuz] : ["/usr/bin/qemu-system-x86_64", "/usr/bin/gcc"];
        var missing = needed.Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            Skip = $"{string.Join(", ", missing)} absent: recording with the qtrace-blocks plugin needs Debian's QEMU and gcc (.ci/run installs them){(needsKernel ? ", and this test the kernel of data/capture/01-packages.sh" : "")}";
        }
        else if (needsKernel)
        {
            Skip = QemuTrace.Testing.RealBoots.SkipReason;
        }
    }
}
