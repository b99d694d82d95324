using QemuTrace.Formats;
using QemuTrace.Notebooks;

namespace QemuTrace.Interactive.Tests;

/// <summary>Issue 12 items 2 and 10: the runner's inputs and outputs.</summary>
public sealed class RunnerInputTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("qtrace-runner-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("{ \"cells\": [ ", "not valid JSON")]
    [InlineData("{ \"cells\": 5 }", "\"cells\" is the number 5")]
    [InlineData("[1, 2]", "found a list")]
    [InlineData("{ \"cells\": [ 7 ] }", "cell 1 is the number 7")]
    public async Task A_file_that_is_not_a_notebook_is_one_error_naming_it(string content, string expected)
    {
        var path = Write("bad.ipynb", content);

        var error = await Assert.ThrowsAsync<TraceFormatException>(() => NotebookRunner.RunAsync(path));

        Assert.StartsWith(path + ":", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_cell_that_never_ends_fails_the_run_after_the_cell_timeout()
    {
        var path = Write("forever.dib", "#!csharp\n\n1 + 1\n\n#!csharp\n\nawait System.Threading.Tasks.Task.Delay(-1);\n");

        var result = await NotebookRunner.RunAsync(path, cellTimeout: TimeSpan.FromSeconds(3));
        Microsoft.DotNet.Interactive.Formatting.Formatter.ResetToDefault();

        Assert.Equal(2, result.Failure!.Cell);
        Assert.Contains("did not finish within 3 s", result.Failure.Message);
    }

    [Fact]
    public async Task Writing_the_executed_notebook_into_a_read_only_folder_is_one_error_and_no_crash()
    {
        var path = Write("ok.dib", "#!csharp\n\n1 + 1\n");
        var result = await NotebookRunner.RunAsync(path);
        Microsoft.DotNet.Interactive.Formatting.Formatter.ResetToDefault();

        var error = await Assert.ThrowsAsync<InputException>(() => NotebookRunner.WriteNotebookAsync(result, "/sys/out.ipynb"));

        Assert.Contains("cannot create a file in /sys", error.Message);
    }

    [Fact]
    public async Task Running_a_notebook_into_itself_replaces_it_only_once_complete()
    {
        var path = Write("self.dib", "#!csharp\n\n1 + 1\n");
        var ipynb = Path.ChangeExtension(path, ".ipynb");
        var result = await NotebookRunner.RunAsync(path);
        Microsoft.DotNet.Interactive.Formatting.Formatter.ResetToDefault();
        await NotebookRunner.WriteNotebookAsync(result, ipynb);

        var again = await NotebookRunner.RunAsync(ipynb);
        Microsoft.DotNet.Interactive.Formatting.Formatter.ResetToDefault();
        await NotebookRunner.WriteNotebookAsync(again, ipynb);

        Assert.True(again.Succeeded);
        Assert.Single(_dir.GetFiles("*.ipynb"));
        Assert.Contains("\"cells\"", await File.ReadAllTextAsync(ipynb));
    }
}
