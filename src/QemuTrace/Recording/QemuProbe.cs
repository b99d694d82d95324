using System.Diagnostics;
using QemuTrace.Formats;

namespace QemuTrace.Recording;

/// <summary>
/// Finds out what a QEMU binary can do by running it briefly: <c>--version</c>, <c>-help</c> (for <c>-plugin</c>),
/// and one machine-less start with a frequent trace event enabled, which shows which trace backends it was built
/// with (a simple-backend file <c>trace-PID</c> appears; a log line appears in <c>-D</c>).
/// </summary>
public static class QemuProbe
{
    private const string ProbeEvent = "qemu_mutex_unlock";

    /// <summary>Probes <paramref name="binary"/>.</summary>
    /// <exception cref="InputException">The binary cannot be run or does not behave like qemu-system.</exception>
    public static QemuCapabilities Probe(string binary)
    {
        string version = Run(binary, ["--version"], null, null).Split('\n')[0].Trim();
        if (!version.StartsWith("QEMU emulator version", StringComparison.Ordinal))
        {
            throw new InputException(binary, $"`{binary} --version` printed `{version}`, expected `QEMU emulator version ...`; give a qemu-system-x86_64 binary after --");
        }

        bool plugins = Run(binary, ["-help"], null, null).Contains("-plugin", StringComparison.Ordinal);
        var dir = Directory.CreateTempSubdirectory("qtrace-probe-");
        try
        {
            string log = Path.Combine(dir.FullName, "probe.log");
            Run(binary, ["-machine", "none", "-nodefaults", "-display", "none", "-S", "-monitor", "stdio", "-trace", $"enable={ProbeEvent}", "-D", log], "quit\n", dir.FullName);
            bool hasLog = File.Exists(log) && File.ReadLines(log).Any(l => l.Contains(ProbeEvent, StringComparison.Ordinal));
            bool hasSimple = dir.EnumerateFiles("trace-*").Any(IsSimpleTrace);
            return new QemuCapabilities(binary, version, hasSimple, hasLog, plugins);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    private static bool IsSimpleTrace(FileInfo file)
    {
        Span<byte> header = stackalloc byte[8];
        using var stream = file.OpenRead();
        return stream.Read(header) == 8 && header.IndexOfAnyExcept((byte)0xFF) < 0;
    }

    private static string Run(string binary, string[] args, string? input, string? workingDirectory)
    {
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InputException(binary, "could not be started; give the path of qemu-system-x86_64 after --");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InputException(binary, $"cannot run it ({e.Message}); install QEMU (Debian: apt-get install qemu-system-x86) or give its path after --");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (input is not null)
            {
                process.StandardInput.Write(input);
            }

            process.StandardInput.Close();
            if (!process.WaitForExit(30_000))
            {
                process.Kill();
                throw new InputException(binary, $"`{string.Join(' ', args)}` did not finish in 30 s; is this qemu-system-x86_64?");
            }

            return stdout.Result + stderr.Result;
        }
    }
}
