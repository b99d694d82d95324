using System.Text.Json;
using System.Text.Json.Nodes;

namespace QemuTrace.Notebooks;

/// <summary>
/// A ready-to-run investigation notebook for a user's own trace, anywhere on disk: its first cell loads <c>#!trace</c>
/// from this clone's package feed by absolute path (hosts refuse a relative feed), then it loads the trace and symbols
/// and asks the four questions. What <c>qtrace notebook new</c> writes.
/// </summary>
public static class StarterNotebook
{
    /// <summary>The package the first cell references.</summary>
    public const string Package = "QemuTrace.Interactive";

    /// <summary>Its version (the one the build writes to artifacts/feed).</summary>
    public const string Version = "0.1.0";

    /// <summary>The notebook as .ipynb JSON, for the trace and symbols given (absolute paths are written).</summary>
    public static string Create(string feed, string trace, string? events, string vmlinux)
    {
        string Q(string path) => "\"" + Path.GetFullPath(path) + "\"";
        var load = $"#!trace load {Q(trace)}" + (events is null ? "" : $" --events {Q(events)}");
        var cells = new JsonArray
        {
            Markdown($"# Boot investigation: {Path.GetFileName(trace)}\n\n" +
                     "Written by `qtrace notebook new`. Run it with `qtrace notebook run THIS.ipynb --html report.html`, or open it in " +
                     "Jupyter with the dotnet-interactive kernel (docs/notebooks.md). The first cell loads `#!trace` from the QemuTrace " +
                     "clone that wrote it; `#!trace --help` lists every subcommand."),
            Code("// Load #!trace from the QemuTrace clone's package feed (absolute path), unless the host already has it\n" +
                 "// (`qtrace notebook run` preloads it).\n" +
                 "if (!AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == \"" + Package + "\"))\n" +
                 "{\n" +
                 "    await Microsoft.DotNet.Interactive.Kernel.Root.SendAsync(new Microsoft.DotNet.Interactive.Commands.SubmitCode(\n" +
                 $"        \"#i \\\"nuget: {Escape(Path.GetFullPath(feed))}\\\"\\n#r \\\"nuget: {Package}, {Version}\\\"\", \"csharp\"));\n" +
                 "}\n" +
                 "\"#!trace is loaded\""),
            Code(load),
            Code($"#!trace symbols --vmlinux {Q(vmlinux)}"),
            Markdown("## The boot timeline: milestones and stages"),
            Code("#!trace milestones"),
            Code("#!trace chart timeline"),
            Markdown("## Which kernel functions take the time"),
            Code("#!trace profile --top 20"),
            Code("#!trace chart top --top 20 --no-pseudo-functions"),
            Markdown("## When user space makes system calls"),
            Code("#!trace syscalls --top 20"),
            Markdown("## Your own questions, in SQL or C#\n\nThe tables are `records`, `profile`, `regions`, `first_calls`, `milestones`, `stages`, " +
                     "`syscalls`, `syscall_summary` and `time_bins`; the DataFrames bound above (`profile`, `syscalls`, ...) and `analysis` are C# variables."),
            Code("#!trace sql \"SELECT region, count(*) AS records, count(DISTINCT function) AS functions FROM records GROUP BY 1 ORDER BY 2 DESC\""),
        };
        var notebook = new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["language_info"] = new JsonObject { ["name"] = "C#" },
                ["polyglot_notebook"] = new JsonObject { ["kernelInfo"] = new JsonObject { ["defaultKernelName"] = "csharp" } },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        for (int i = 0; i < cells.Count; i++)
        {
            cells[i]!["id"] = $"cell-{i}";
        }

        return notebook.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static string Escape(string path) => path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static JsonObject Markdown(string text) => new()
    {
        ["cell_type"] = "markdown",
        ["metadata"] = new JsonObject(),
        ["source"] = Lines(text),
    };

    private static JsonObject Code(string text) => new()
    {
        ["cell_type"] = "code",
        ["execution_count"] = null,
        ["metadata"] = new JsonObject
        {
            ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
        },
        ["outputs"] = new JsonArray(),
        ["source"] = Lines(text),
    };

    private static JsonArray Lines(string text)
    {
        var lines = text.Split('\n');
        var array = new JsonArray();
        for (int i = 0; i < lines.Length; i++)
        {
            array.Add(i < lines.Length - 1 ? lines[i] + "\n" : lines[i]);
        }

        return array;
    }
}
