using System.Diagnostics;
using QemuTrace.Formats;
using QemuTrace.Formats.Blocks;
using QemuTrace.Recording;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.EndToEnd;

/// <summary>Builds the plugin and records real QEMU runs with it: a 16-byte firmware whose loop count is known, and a tiny kernel boot.</summary>
public class BlockRecordingTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [FactWhenQemuCanRecordBlocks(needsKernel: false)]
    public void A_firmware_loop_is_recorded_one_record_per_iteration_from_the_reset_vector()
    {
        // A 64 KiB BIOS image whose reset vector (0xfffffff0 in real mode) counts CX down from 1000, then writes to
        // the isa-debug-exit port, which ends QEMU. The loop body (dec cx; jnz) is a translated block chained to
        // itself: exec_tb would see it once, the plugin sees all 999 re-entries.
        var rom = new byte[0x10000];
        byte[] code = [0xB9, 0xE8, 0x03, 0x49, 0x75, 0xFD, 0xB0, 0x00, 0xE6, 0xF4, 0xF4];
        code.CopyTo(rom, 0xFFF0);
        var romPath = _files.Write("loop.rom", rom);
        var output = _files.PathOf("loop.qtb");
        var plugin = BlockCapture.BuildPlugin("/usr/bin/qemu-system-x86_64", RepositoryData.Root);

        RunQemu(["-accel", "tcg", "-nodefaults", "-nographic", "-display", "none", "-bios", romPath,
            "-device", "isa-debug-exit,iobase=0xf4,iosize=1", .. BlockCapture.QemuArguments(plugin, output, BlockCapture.ParseStart("reset"))], output);

        using var reader = (BlockTraceReader)TraceFile.Open(output);
        var pcs = new List<ulong>();
        var record = default(TraceRecord);
        while (reader.Read(ref record))
        {
            pcs.Add(record.Arguments[0]);
        }

        Assert.Equal(0xfffffff0UL, pcs[0]);
        Assert.Equal(999, pcs.Count(pc => pc == 0xfffffff3));
        // mov; dec; jnz, then 999 x (dec; jnz), then mov; out; hlt (QEMU exits inside the out).
        Assert.Equal(1001, pcs.Count);
        Assert.Equal(3UL + (999 * 2) + 3, reader.Instructions);
        Assert.Equal(reader.Trailer!.Records, (ulong)pcs.Count);
        Assert.Equal(reader.Trailer.InlineBlocks, (ulong)pcs.Count);
        Assert.Equal(reader.Trailer.InlineInstructions, reader.Instructions);
        Assert.Empty(reader.Statistics.Warnings);
    }

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

        RunQemu(start, output);

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

    private static void RunQemu(IEnumerable<string> arguments, string output)
    {
        var start = new ProcessStartInfo("/usr/bin/qemu-system-x86_64");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        RunQemu(start, output);
    }

    private static void RunQemu(ProcessStartInfo start, string output)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        using var qemu = Process.Start(start)!;
        qemu.StandardInput.Close();
        var stdout = qemu.StandardOutput.ReadToEndAsync();
        var stderr = qemu.StandardError.ReadToEndAsync();
        Assert.True(qemu.WaitForExit(TimeSpan.FromMinutes(5)), "QEMU did not exit within 5 minutes");
        Assert.True(File.Exists(output), $"no capture; QEMU said: {stderr.Result}");
        _ = stdout.Result;
    }
}
