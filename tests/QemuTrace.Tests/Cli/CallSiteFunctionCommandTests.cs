using System.Diagnostics;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Cli;

/// <summary>
/// <c>qtrace syscalls --user ELF@BASE</c> on a syscall capture: a tiny static ELF compiled here (its <c>syscall</c>
/// instruction in <c>sys3</c>), a capture whose register dumps put RCX after that instruction and inside <c>_start</c>.
/// </summary>
public class CallSiteFunctionCommandTests : IDisposable
{
    private const ulong Entry = 0xffffffff81c00080;
    private const ulong Kernel = 0xffffffff81000000;

    private const string Source = """
        long sys3(long n, long a, long b, long c) { long r; __asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory"); return r; }
        long my_write(int fd, const char *s, long n) { return sys3(1, fd, (long)s, n); }
        void _start(void) { my_write(1, "hi\n", 3); sys3(231, 0, 0, 0); for (;;) {} }
        """;

    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        args.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: {error}");
        return output;
    }

    /// <summary>The compiled ELF, and the address after its <c>syscall</c> instruction (from objdump).</summary>
    private (string Elf, ulong AfterSyscall, ulong InStart) Compile()
    {
        var source = _files.Write("u.c", Source);
        var elf = _files.PathOf("u");
        Run("/usr/bin/gcc", "-O1", "-static", "-nostdlib", "-no-pie", "-fno-inline", "-fno-pie", "-o", elf, source);
        var syscallLine = Run("/usr/bin/objdump", "-d", elf).Split('\n').Single(l => l.TrimEnd().EndsWith("syscall", StringComparison.Ordinal));
        ulong at = Convert.ToUInt64(syscallLine.Trim().Split(':')[0], 16);
        var start = Run("/usr/bin/nm", elf).Split('\n').Single(l => l.EndsWith(" T _start", StringComparison.Ordinal));
        return (elf, at + 2, Convert.ToUInt64(start.Split(' ')[0], 16) + 4);
    }

    private string Capture(ulong firstSite, ulong secondSite) => _files.Write("capture.log", new SyscallCaptures()
        .Tb(0, Kernel).Tb(100, 0x401000)
        .Tb(200, Entry).Dump(rax: 1, rip: Entry, rdi: 1, rcx: firstSite).Tb(300, firstSite)
        .Tb(400, Entry).Dump(rax: 231, rip: Entry, rcx: secondSite).Tb(450, secondSite)
        .ToString());

    [FactWhenFileExists("/usr/bin/gcc", "compiling the user ELF needs gcc and binutils (.ci/run installs them)")]
    public void With_user_the_syscalls_tsv_names_each_call_site_as_gdb_does()
    {
        var (elf, afterSyscall, inStart) = Compile();

        var result = Qtrace.Run("syscalls", Capture(afterSyscall, inStart), "--vmlinux", RepositoryData.PathOf("boot", "vmlinux-symbols.gz"),
            "--user", elf + "@0x400000", "--format", "tsv");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var header = lines[0].Split('\t');
        int column = Array.IndexOf(header, "call_site_function");
        Assert.Equal(header.Length - 1, column);
        Assert.Equal(["sys3", "_start"], lines.Skip(1).Select(l => l.Split('\t')[column]));
        if (File.Exists("/usr/bin/gdb"))
        {
            // gdb's own answer: `sys3 + 14 in section .text`.
            Assert.StartsWith("sys3 + ", Run("/usr/bin/gdb", "-batch", "-ex", $"info symbol 0x{afterSyscall:x}", elf));
        }
    }

    [FactWhenFileExists("/usr/bin/gcc", "compiling the user ELF needs gcc and binutils (.ci/run installs them)")]
    public void Without_user_the_syscalls_tsv_has_no_call_site_function_column()
    {
        var (_, afterSyscall, inStart) = Compile();

        var result = Qtrace.Run("syscalls", Capture(afterSyscall, inStart), "--vmlinux", RepositoryData.PathOf("boot", "vmlinux-symbols.gz"), "--format", "tsv");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("call_site_function", result.Stdout);
        Assert.Contains("\tcr3", result.Stdout);
    }
}
