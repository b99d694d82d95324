using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Cli;

public class AddressSpaceChartCommandTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Qtrace_chart_draws_the_address_spaces_of_the_syscall_capture_offline()
    {
        var output = _files.PathOf("spaces.html");

        var result = Qtrace.Run("chart", "--kind", "address-spaces", RepositoryData.PathOf("syscalls", "syscalls.log.gz"),
            "--vmlinux", RepositoryData.PathOf("boot", "vmlinux-symbols.gz"), "-o", output);

        Assert.Equal(0, result.ExitCode);
        var html = File.ReadAllText(output);
        Assert.Contains("System calls per address space (CR3)", html);
        Assert.Contains("856 syscalls in 33 address spaces", html);
        Assert.Contains("exit_group (29)", html);
        Assert.DoesNotContain("<script src=", html);
    }
}
