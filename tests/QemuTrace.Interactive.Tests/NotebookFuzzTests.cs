using QemuTrace.Fuzz;

namespace QemuTrace.Interactive.Tests;

/// <summary>A short, bounded fuzz pass over .ipynb reading (scripts/fuzz.sh ipynb runs a million inputs).</summary>
public sealed class NotebookFuzzTests
{
    [Fact]
    public void Mutated_repository_notebooks_end_in_a_document_or_one_error_naming_the_file()
    {
        var target = NotebookFuzzTarget.Create();

        var run = FuzzRun.Run(target, 3_000, threads: 1, seed: "0N0XIzNsQ0O2");

        Assert.Empty(run.Crashes.Keys);
        Assert.True(run.Errors > 0 && run.Results > 0);
    }

    [Fact]
    public void Kept_notebook_crash_inputs_now_end_in_a_document_or_an_error()
    {
        var target = NotebookFuzzTarget.Create();
        var run = new FuzzRun();
        foreach (var path in Directory.GetFiles(Path.Combine(RepositoryData.Root, "tests", "QemuTrace.Fuzz", "regressions"), "ipynb-*.bin"))
        {
            Assert.True(run.One(target, File.ReadAllBytes(path)), $"{path}: {string.Join(", ", run.Crashes.Keys)}");
        }
    }
}
