using System.Diagnostics;
using System.Text;

namespace QemuTrace.Tests.Support;

/// <summary>
/// Runs the <c>qtrace</c> command and captures its output and exit code: <see cref="Run"/> in this process through the
/// same entry point as the published command (no process start, no second JIT), <see cref="RunProcess"/> as a separate
/// <c>dotnet qtrace.dll</c> process where the process boundary is the point (stdin, the raw stdout stream of decode and
/// symbolize, the built binary).
/// </summary>
public static class Qtrace
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs a command line in this process; safe to call from tests running in parallel (see <see cref="ConsoleCapture"/>).</summary>
    public static Result Run(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        int code;
        using (ConsoleCapture.To(stdout, stderr))
        {
            code = QemuTrace.Cli.Program.Run(args, Console.Out, Console.Error);
        }

        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the built <c>qtrace.dll</c> as a user would, in its own process.</summary>
    public static Result RunProcess(params string[] args) => RunProcessWithInput(null, args);

    /// <summary>Runs the built <c>qtrace.dll</c> in its own process with <paramref name="stdin"/> (null: none) as its standard input.</summary>
    public static Result RunProcessWithInput(string? stdin, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "qtrace.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
