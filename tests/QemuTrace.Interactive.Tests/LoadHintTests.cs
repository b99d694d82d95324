using System.Text.RegularExpressions;

namespace QemuTrace.Interactive.Tests;

public sealed class LoadHintTests : IDisposable
{
    private readonly TraceKernel _kernel = new();

    [Fact]
    public async Task The_load_hint_names_the_bundled_boot_by_absolute_path_and_its_commands_run_from_anywhere()
    {
        var hint = QemuTraceKernelExtension.LoadHint();

        var commands = Regex.Matches(hint, @"#!trace (load|symbols) [^,;]+").Select(m => m.Value.Trim()).ToList();
        Assert.Equal(2, commands.Count);
        var paths = Regex.Matches(hint, @"(?<= )/\S+?(?=[,;]| |$)").Select(m => m.Value).ToList();
        Assert.Equal(3, paths.Count);
        Assert.All(paths, p => Assert.True(Path.IsPathFullyQualified(p) && File.Exists(p), $"{p} is not an existing absolute path"));
        Assert.Contains(Path.Combine(RepositoryData.Root, "data", "boot", "trace-simple-v4.bin.gz"), paths);

        var before = Environment.CurrentDirectory;
        Environment.CurrentDirectory = Path.GetTempPath();
        try
        {
            foreach (var command in commands)
            {
                await _kernel.SucceedAsync(command);
            }
        }
        finally
        {
            Environment.CurrentDirectory = before;
        }
    }

    public void Dispose() => _kernel.Dispose();
}
