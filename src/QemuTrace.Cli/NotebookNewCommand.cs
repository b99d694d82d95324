using System.CommandLine;
using QemuTrace.Files;
using QemuTrace.Formats;
using QemuTrace.Notebooks;

namespace QemuTrace.Cli;

/// <summary><c>qtrace notebook new PATH [--trace T --events E --vmlinux V]</c>: a ready notebook anywhere, for the bundled boot or the user's own.</summary>
internal static class NotebookNewCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("PATH") { Description = "The notebook to write (.ipynb); it may be outside this clone." };
        var trace = new Option<string?>("--trace") { Description = "The trace to investigate (default: the bundled boot, data/boot/trace-simple-v4.bin.gz)." };
        var events = new Option<string?>("--events") { Description = "Its trace-events file (default with the bundled boot: data/boot/trace-events-all)." };
        var vmlinux = new Option<string?>("--vmlinux") { Description = "The kernel's vmlinux with symbols (default with the bundled boot: data/boot/vmlinux-symbols.gz)." };
        var force = new Option<bool>("--force") { Description = "Replace an existing notebook." };
        var command = new Command("new", "Write a ready notebook anywhere: its first cell loads #!trace from this clone's package feed by absolute path.")
        {
            path, trace, events, vmlinux, force,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var root = RepositoryRoot();
            var feed = Path.Combine(root, "artifacts", "feed");
            if (!File.Exists(Path.Combine(feed, $"{StarterNotebook.Package}.{StarterNotebook.Version}.nupkg")))
            {
                throw new InputException(feed, "has no QemuTrace.Interactive package yet: build it first (./qtrace-demo, or dotnet build kernel-extension/QemuTrace.Interactive)");
            }

            var tracePath = parse.GetValue(trace);
            var bundled = tracePath is null;
            tracePath ??= Path.Combine(root, "data", "boot", "trace-simple-v4.bin.gz");
            var eventsPath = parse.GetValue(events) ?? (bundled ? Path.Combine(root, "data", "boot", "trace-events-all") : null);
            var vmlinuxPath = parse.GetValue(vmlinux) ?? (bundled ? Path.Combine(root, "data", "boot", "vmlinux-symbols.gz")
                : throw new TraceFormatException("--vmlinux", null, "is needed with --trace: give the kernel's vmlinux (or run without --trace for the bundled boot)"));
            foreach (var input in new[] { tracePath, eventsPath, vmlinuxPath }.OfType<string>())
            {
                if (!File.Exists(input))
                {
                    throw new TraceFormatException(input, null, "no such file: check the path");
                }
            }

            var target = Path.GetFullPath(parse.GetValue(path)!);
            if (File.Exists(target) && !parse.GetValue(force))
            {
                throw new TraceFormatException(target, null, "exists already: choose another name, or add --force to replace it");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            OutputFile.WriteText(target, [tracePath, eventsPath, vmlinuxPath], StarterNotebook.Create(feed, tracePath, eventsPath, vmlinuxPath));
            Console.Error.WriteLine($"qtrace: wrote {target}; run it with `qtrace notebook run {target} --html report.html`, or open it in Jupyter (docs/notebooks.md)");
            return 0;
        }));
        return command;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Notebooks.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new TraceFormatException(AppContext.BaseDirectory, null, "this qtrace is not inside a QemuTrace clone: run the one built in the clone (.build/qtrace/qtrace.dll)");
    }
}
