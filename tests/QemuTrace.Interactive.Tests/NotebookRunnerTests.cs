using Microsoft.DotNet.Interactive.Documents;
using QemuTrace.Notebooks;

namespace QemuTrace.Interactive.Tests;

public sealed class NotebookRunnerTests
{
    /// <summary>Each notebook of notebooks/ run once per test run (explore-boot is read by two tests); the results are only read.</summary>
    private static readonly Dictionary<string, Task<NotebookRunResult>> Runs = [];

    private static Task<NotebookRunResult> RunOnce(string notebook)
    {
        lock (Runs)
        {
            if (!Runs.TryGetValue(notebook, out var run))
            {
                run = NotebookRunner.RunAsync(Path.Combine(RepositoryData.Root, "notebooks", notebook));
                Runs[notebook] = run;
            }

            return run;
        }
    }

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(RepositoryData.Root, "notebooks"), "*.ipynb").Order())
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Every_notebook_runs_without_a_failing_cell_and_writes_a_notebook_and_an_html_report(string notebook)
    {
        var result = await RunOnce(notebook);
        try
        {
            Assert.True(result.Succeeded, result.Failure?.ToString());
            Assert.DoesNotContain(result.Document.Elements.SelectMany(e => e.Outputs), o => o is ErrorElement);
            var dir = Directory.CreateTempSubdirectory("qtrace-notebook-");
            await NotebookRunner.WriteNotebookAsync(result, Path.Combine(dir.FullName, notebook));
            await NotebookHtmlReport.WriteAsync(result, Path.Combine(dir.FullName, "report.html"));
            var written = await File.ReadAllTextAsync(Path.Combine(dir.FullName, notebook));
            using (var json = System.Text.Json.JsonDocument.Parse(written))
            {
                var provenance = json.RootElement.GetProperty("metadata").GetProperty("qtrace");
                Assert.Equal(QemuTrace.Export.Provenance.Sha256(Path.Combine(RepositoryData.Root, "notebooks", notebook)), provenance.GetProperty("notebook_sha256").GetString());
                Assert.StartsWith("qtrace ", provenance.GetProperty("tool").GetString());
            }

            Assert.Equal(Count(Html(result), "class=\"qtrace-table\""), Count(written, "class=\\\"qtrace-table\\\""));
            Assert.Equal(Count(Html(result), "class=\"qtrace-chart\""), Count(written, "class=\\\"qtrace-chart\\\""));
            var report = await File.ReadAllTextAsync(Path.Combine(dir.FullName, "report.html"));
            Assert.Contains("qtrace-table", report);
            Assert.DoesNotContain("<script src=\"http", report);
            dir.Delete(recursive: true);
        }
        finally
        {
            Microsoft.DotNet.Interactive.Formatting.Formatter.ResetToDefault();
        }
    }

    [Fact]
    public async Task Explore_boot_shows_every_table_and_chart_with_the_numbers_of_the_core()
    {
        var result = await RunOnce("explore-boot.ipynb");
        Microsoft.DotNet.Interactive.Formatting.Formatter.ResetToDefault();
        Assert.True(result.Succeeded, result.Failure?.ToString());
        var html = Html(result.Document);
        var boot = CoreReference.Boot;
        Assert.Equal(1, Count(html, "id=\"qtrace-plotly-js\""));
        Assert.Equal(5, Count(html, "class=\"qtrace-chart\""));
        Assert.Contains(boot.Profile[0].Function, html);
        Assert.Contains(DataFramesHtml(boot.Profile[1].TotalNs), html);
        Assert.Contains(DataFramesHtml(boot.Milestones.Single(m => m.Name == "start_kernel").TimeNs), html);
        Assert.Contains(DataFramesHtml(boot.Regions.Single(r => r.Region == Symbols.AddressRegion.EarlyBoot).TotalNs), html);
        Assert.Contains($"Syscalls = {boot.Syscalls.Count}", html);
        double earlyBoot = boot.Regions.Single(r => r.Region == Symbols.AddressRegion.EarlyBoot).Percent;
        Assert.Contains($"EarlyBootPercent = {Math.Round(earlyBoot, 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}", html);
        Assert.DoesNotContain(earlyBoot.ToString("R", System.Globalization.CultureInfo.InvariantCulture), html);
        Assert.Contains("finit_module", html);
    }

    [Fact]
    public async Task A_new_notebook_outside_the_repository_runs_every_cell_on_the_bundled_boot()
    {
        var dir = Directory.CreateTempSubdirectory("qtrace-new-notebook-");
        try
        {
            var path = Path.Combine(dir.FullName, "my boot.ipynb");
            string Data(string name) => Path.Combine(RepositoryData.Root, "data", "boot", name);
            await File.WriteAllTextAsync(path, StarterNotebook.Create(Path.Combine(RepositoryData.Root, "artifacts", "feed"),
                Data("trace-simple-v4.bin.gz"), Data("trace-events-all"), Data("vmlinux-symbols.gz")));

            var result = await NotebookRunner.RunAsync(path);
            Microsoft.DotNet.Interactive.Formatting.Formatter.ResetToDefault();

            Assert.True(result.Succeeded, result.Failure?.ToString());
            Assert.Equal(9, result.CellsRun);
            var html = Html(result.Document);
            Assert.Contains("start_kernel", html);
            Assert.Contains("functions", html);
            Assert.Contains(Path.Combine(RepositoryData.Root, "artifacts", "feed"), await File.ReadAllTextAsync(path));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_failing_cell_stops_the_run_and_is_named()
    {
        var dir = Directory.CreateTempSubdirectory("qtrace-notebook-");
        var path = Path.Combine(dir.FullName, "broken.dib");
        await File.WriteAllTextAsync(path, "#!csharp\n\n1 + 1\n\n#!csharp\n\n#!trace load /nonexistent.bin\n\n#!csharp\n\n2 + 2\n");
        var result = await NotebookRunner.RunAsync(path);
        Microsoft.DotNet.Interactive.Formatting.Formatter.ResetToDefault();
        Assert.False(result.Succeeded);
        Assert.Equal(2, result.Failure!.Cell);
        Assert.Contains("/nonexistent.bin", result.Failure.Message);
        Assert.Contains("#!trace load", result.Failure.ToString());
        dir.Delete(recursive: true);
    }

    private static string DataFramesHtml(long ns) => ns.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    private static int Count(string text, string what) => (text.Length - text.Replace(what, "").Length) / what.Length;

    private static string Html(NotebookRunResult result) => Html(result.Document);

    private static string Html(InteractiveDocument document) => string.Join("\n", document.Elements.SelectMany(e => e.Outputs)
        .SelectMany(o => o switch
        {
            DisplayElement d => d.Data.Values,
            ReturnValueElement r => r.Data.Values,
            _ => [],
        }).Select(v => v?.ToString() ?? ""));
}
