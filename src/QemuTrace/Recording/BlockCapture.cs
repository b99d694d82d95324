using System.Diagnostics;
using System.Globalization;
using QemuTrace.Formats;

namespace QemuTrace.Recording;

/// <summary>
/// What <c>qtrace record --mode blocks</c> needs: the qtrace-blocks TCG plugin built for the QEMU that will run it
/// (<c>scripts/build-plugin.sh</c>), and the <c>-plugin</c> option that records every executed block into a file.
/// <example><code>
/// var plugin = BlockCapture.BuildPlugin("qemu-system-x86_64");
/// var extra = BlockCapture.QemuArguments(plugin, "boot.qtb", BlockCapture.ParseStart("0x1000000"));
/// // qemu-system-x86_64 -accel tcg ... -kernel vmlinuz -append '... nokaslr' + extra
/// </code></example>
/// </summary>
public static class BlockCapture
{
    /// <summary>The plugin's source, relative to the repository root.</summary>
    public const string PluginSource = "plugin/qtrace-blocks.c";

    /// <summary>The build script, relative to the repository root.</summary>
    public const string BuildScript = "scripts/build-plugin.sh";

    /// <summary>
    /// Physical address of <c>startup_64</c> of an x86-64 kernel booted with <c>nokaslr</c> (<c>LOAD_PHYSICAL_ADDR</c>):
    /// the start address that records from kernel entry.
    /// </summary>
    public const ulong KernelPhysicalEntry = 0x100_0000;

    /// <summary>
    /// Turns a start condition as a user writes it (<c>reset</c>, <c>kernel</c> for <see cref="KernelPhysicalEntry"/>,
    /// or a guest address in hex <c>0x...</c> or decimal) into the plugin's <c>start=</c> value.
    /// </summary>
    /// <exception cref="InputException">Anything else.</exception>
    public static string ParseStart(string start)
    {
        var text = start.Trim();
        if (text is "reset")
        {
            return "reset";
        }

        if (text is "kernel")
        {
            return $"0x{KernelPhysicalEntry:x}";
        }

        bool hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (ulong.TryParse(hex ? text[2..] : text, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var address))
        {
            return $"0x{address:x}";
        }

        throw new InputException("--start",
            $"`{start}` is not a start condition: give reset, kernel (the physical entry 0x1000000 of a nokaslr kernel) or a guest address such as 0xffffffff819ef58e");
    }

    /// <summary>
    /// The options to append to the QEMU command: <c>-plugin PATH,out=OUTPUT,start=START[,stop=STOP][,clock=CLOCK]</c>.
    /// Commas in paths are doubled, as QEMU's option parser wants.
    /// </summary>
    /// <param name="pluginPath">The built plugin (<see cref="BuildPlugin"/>).</param>
    /// <param name="output">The capture file to write.</param>
    /// <param name="start">A value from <see cref="ParseStart"/>.</param>
    /// <param name="clock"><c>tsc</c>, <c>monotonic</c>, or null for the plugin's default (the TSC on x86 hosts).</param>
    /// <param name="stop">A guest address (from <see cref="ParseStart"/>) whose first execution ends the recording, or null.</param>
    public static IReadOnlyList<string> QemuArguments(string pluginPath, string output, string start = "reset", string? clock = null, string? stop = null)
    {
        if (clock is not (null or "tsc" or "monotonic"))
        {
            throw new InputException("--clock", $"`{clock}` is not a clock: give tsc or monotonic");
        }

        var value = $"{Escape(Path.GetFullPath(pluginPath))},out={Escape(Path.GetFullPath(output))},start={start}";
        if (stop is not null)
        {
            if (stop == "reset")
            {
                throw new InputException("--stop", "reset is not a stop address: give a guest address such as 0x1000000 (kernel entry)");
            }

            value += $",stop={stop}";
        }
        if (clock is not null)
        {
            value += $",clock={clock}";
        }

        return ["-plugin", value];
    }

    /// <summary>
    /// Builds the plugin for <paramref name="qemu"/> with the repository's build script (a no-op when it is up to
    /// date) and returns the path of the <c>.so</c>.
    /// </summary>
    /// <param name="qemu">The qemu-system binary that will load the plugin.</param>
    /// <param name="repository">The repository root; found from the working and the program's directories when null.</param>
    /// <param name="log">Receives the script's messages (stderr); null discards them.</param>
    /// <exception cref="InputException">No repository, or the build failed; the message quotes the script.</exception>
    public static string BuildPlugin(string qemu, string? repository = null, TextWriter? log = null)
    {
        var root = repository ?? FindRepository()
            ?? throw new InputException(PluginSource, "not found above the working directory or the qtrace program: run from the QemuTrace repository, or build the plugin with scripts/build-plugin.sh and pass its path");
        var script = Path.Combine(root, BuildScript);
        if (!File.Exists(script))
        {
            throw new InputException(script, "missing; the repository is incomplete (check it out again)");
        }

        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.Environment["QEMU"] = qemu;
        using var process = Process.Start(start) ?? throw new InputException(script, "could not be started; is bash installed?");
        var errors = new List<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is string line)
            {
                lock (errors)
                {
                    errors.Add(line);
                }

                log?.WriteLine(line);
            }
        };
        process.BeginErrorReadLine();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var path = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim();
        if (process.ExitCode != 0 || path is null || !File.Exists(path))
        {
            string last;
            lock (errors)
            {
                last = errors.Count > 0 ? errors[^1] : $"exit code {process.ExitCode}";
            }

            throw new InputException(script, $"building the plugin failed: {last}");
        }

        return path;
    }

    /// <summary>The repository root (the directory holding <see cref="PluginSource"/>) above the working or the program's directory, or null.</summary>
    public static string? FindRepository()
    {
        foreach (var from in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, PluginSource)))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    private static string Escape(string path) => path.Replace(",", ",,", StringComparison.Ordinal);
}
