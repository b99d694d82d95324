using System.Diagnostics;
using QemuTrace.Formats;
using QemuTrace.Formats.Blocks;
using QemuTrace.Recording;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.EndToEnd;

/// <summary>Builds the plugin and records a tiny real boot (the kernel without an initramfs panics and QEMU exits).</summary>
public class BlockRecordingTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [FactWhenQemuCanRecordBlocks]
    public void A_tiny_boot_recorded_from_kernel_entry_reads_back_every_block_the_plugin_counted()
    {
        var plugin = BlockCapture.BuildPlugin("/usr/bin/qemu-system-x86_64", RepositoryData.Root);
        var output = _files.PathOf("tiny.qtb");
        var start = new ProcessStartInfo("/usr/bin/qemu-system-x86_64")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in (string[])["-accel", "tcg", "-m", "128M", "-smp", "1", "-kernel", FactWhenQemuCanRecordBlocksAttribute.Vmlinuz,
                     "-append", "console=ttyS0 nokaslr panic=-1 quiet", "-no-reboot", "-nographic", "-display", "none"])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in BlockCapture.QemuArguments(plugin, output, BlockCapture.ParseStart("kernel")))
        {
            start.ArgumentList.Add(argument);
        }

        using (var qemu = Process.Start(start)!)
        {
            qemu.StandardInput.Close();
            var stdout = qemu.StandardOutput.ReadToEndAsync();
            var stderr = qemu.StandardError.ReadToEndAsync();
            Assert.True(qemu.WaitForExit(TimeSpan.FromMinutes(5)), "QEMU did not exit within 5 minutes");
            Assert.True(File.Exists(output), $"no capture; QEMU said: {stderr.Result}");
            _ = stdout.Result;
        }

        using var reader = (BlockTraceReader)TraceFile.Open(output);
        var record = default(TraceRecord);
        long records = 0;
        ulong firstPc = 0;
        while (reader.Read(ref record))
        {
            if (records++ == 0)
            {
                firstPc = record.Arguments[0];
            }
        }

        Assert.NotNull(reader.Trailer);
        Assert.Equal(reader.Trailer.Records, (ulong)records);
        Assert.Equal(reader.Trailer.InlineBlocks, (ulong)records);
        Assert.Equal(reader.Trailer.InlineInstructions, reader.Instructions);
        Assert.Equal(BlockCapture.KernelPhysicalEntry, firstPc);
        Assert.InRange(records, 1_000_000, long.MaxValue);
    }
}
