using System.Runtime.Loader;
using QemuTrace.Charts.Isolation;
using QemuTrace.Charts.Tests.Support;

namespace QemuTrace.Charts.Tests;

/// <summary>A private copy of the chart assemblies, as an extension's folder would hold them.</summary>
public sealed class ChartFolder : IDisposable
{
    public ChartFolder()
    {
        Directory.CreateDirectory(Path);
        foreach (var dll in System.IO.Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
        {
            File.Copy(dll, System.IO.Path.Combine(Path, System.IO.Path.GetFileName(dll)));
        }

        Charts = IsolatedCharts.Load(Path);
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "qtrace-isolated-charts-" + Guid.NewGuid().ToString("N"));

    public IsolatedCharts Charts { get; }

    // The context is not collectible: its files stay loaded, so the folder is left for the OS to clean.
    public void Dispose()
    {
    }
}

[Collection(RealBootCollection.Name)]
public class IsolatedChartsTests(RealBoot boot, ChartFolder folder) : IClassFixture<ChartFolder>
{
    [Fact]
    public void The_facade_loaded_in_a_private_context_renders_a_plotly_chart_div()
    {
        var html = folder.Charts.RenderChartHtml(ChartKinds.TopFunctions, ChartPayload.From(boot.Analysis) with { Top = 5 });

        Assert.Contains($"<div class=\"{ChartHtml.ChartClass}\"", html);
        Assert.Contains("Plotly.newPlot(", html);
        Assert.Contains("_raw_spin_unlock_irqrestore", html);
        Assert.Equal(0, Html.ExternalScripts(html));
    }

    [Fact]
    public void Plotly_net_and_fsharp_core_10_1_come_from_the_private_folder_not_the_host()
    {
        folder.Charts.RenderChartHtml(ChartKinds.BootTimeline, ChartPayload.From(boot.Analysis).ToJson());

        var loaded = folder.Charts.LoadContext.Assemblies.ToDictionary(a => a.GetName().Name!, a => a);
        Assert.NotSame(AssemblyLoadContext.Default, folder.Charts.LoadContext);
        foreach (var name in new[] { "QemuTrace.Charts", "Plotly.NET", "FSharp.Core" })
        {
            Assert.StartsWith(folder.Path, loaded[name].Location);
            Assert.Same(folder.Charts.LoadContext, AssemblyLoadContext.GetLoadContext(loaded[name]));
        }

        Assert.Equal(new Version(10, 1, 0, 0), loaded["FSharp.Core"].GetName().Version);
        Assert.NotSame(typeof(Plotly.NET.GenericChart).Assembly, loaded["Plotly.NET"]);
    }

    [Fact]
    public void Every_standard_chart_renders_through_the_facade()
    {
        var payload = ChartPayload.From(boot.Analysis).ToJson();

        foreach (var kind in ChartKinds.All)
        {
            Assert.Contains("Plotly.newPlot(", folder.Charts.RenderChartHtml(kind, payload));
        }
    }

    [Fact]
    public void The_plotly_script_comes_through_the_facade_too()
    {
        Assert.Contains("plotly.js v" + ChartHtml.PlotlyJsVersion, folder.Charts.PlotlyScriptHtml());
    }

    [Fact]
    public void Loading_the_same_folder_twice_gives_the_same_context() =>
        Assert.Same(folder.Charts, IsolatedCharts.Load(folder.Path + Path.DirectorySeparatorChar));

    [Fact]
    public void The_facade_can_be_found_beside_the_isolation_assembly() =>
        Assert.Equal(Path.GetFullPath(AppContext.BaseDirectory).TrimEnd('/'), IsolatedCharts.LoadFromOwnFolder().Directory.TrimEnd('/'));

    [Fact]
    public void An_unknown_kind_names_the_valid_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => folder.Charts.RenderChartHtml("pie", "{}"));

        Assert.Contains("top, ", error.Message);
    }

    [Fact]
    public void A_folder_without_the_charts_says_which_files_it_needs()
    {
        var empty = Directory.CreateTempSubdirectory("qtrace-no-charts-").FullName;

        var error = Assert.Throws<FileNotFoundException>(() => IsolatedCharts.Load(empty));

        Assert.Contains("QemuTrace.Charts.dll", error.Message);
        Assert.Contains("FSharp.Core.dll (10.1)", error.Message);
    }
}
