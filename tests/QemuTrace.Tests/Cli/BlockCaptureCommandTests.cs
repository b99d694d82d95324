using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Cli;

public class BlockCaptureCommandTests : IDisposable
{
    private const ulong Kernel = 0xffffffff81000000;

    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string Capture(bool finished)
    {
        var bytes = BlockCaptures.Build(w =>
        {
            w.Add(0, 1_000, Kernel, 4);
            w.Add(0, 1_500, Kernel + 0x100, 6);
            w.Add(0, 2_000, Kernel, 1);
            if (finished)
            {
                w.Finish(3_000, 3_000);
            }
            else
            {
                w.EndChunk(0, 3_000, 3_000);
            }
        });
        return _files.Write(finished ? "done.qtb" : "killed.qtb", bytes);
    }

    [Fact]
    public void Info_describes_the_capture_and_its_trailer()
    {
        var result = Qtrace.Run("info", Capture(finished: true));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("format        Blocks", result.Stdout);
        Assert.Contains("start         reset (every block)", result.Stdout);
        Assert.Contains("instructions  11", result.Stdout);
        Assert.Contains("trailer       3 records in 1 chunks, as read; inline counters 3 blocks, 11 instructions", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Profile_of_a_capture_without_trailer_works_and_warns_on_stderr()
    {
        var path = Capture(finished: false);

        var result = Qtrace.Run("profile", path, "--system-map", WriteSystemMap(), "--format", "tsv", "--input-format", "blocks");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "function\ttotal_ns\tpercent\tblocks\tentries\tinstructions\tinsn_percent\n" +
            "do_work\t500\t50.0000\t1\t1\t6\t54.5455\n" +
            "start_kernel\t500\t50.0000\t2\t2\t5\t45.4545\n",
            result.Stdout);
        Assert.Equal($"qtrace: warning: {path}: the capture has no trailer (it ends at byte offset {new FileInfo(path).Length} after 1 chunks): QEMU did not exit normally, so nothing checks that every block is here; all 3 records were read\n", result.Stderr);
    }

    private string WriteSystemMap() => _files.Write("System.map", $"{Kernel:x} T start_kernel\n{Kernel + 0x100:x} T do_work\n{Kernel + 0x200:x} T _etext\n");
}
