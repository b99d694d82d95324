using QemuTrace.Formats;
using QemuTrace.Formats.Text;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Formats;

public class CpuStateReaderTests
{
    private const ulong Entry = 0xffffffff81c00080;

    private static (List<(string Event, ulong Time, uint Pid, ulong[] Args)> Records, List<CpuState> States) ReadAll(SyscallCaptures capture)
    {
        using var reader = new LogTraceReader(capture.Stream(), "qemu.log", null) { CollectCpuStates = true };
        var states = new List<CpuState>();
        var records = new List<(string, ulong, uint, ulong[])>();
        var record = default(TraceRecord);
        while (reader.Read(ref record))
        {
            while (reader.TryTakeCpuState(out var s))
            {
                states.Add(s);
            }

            records.Add((reader.Events[record.EventIndex].Name, record.TimestampNs, record.Pid, [record.Arguments[0], record.Arguments[1]]));
        }

        while (reader.TryTakeCpuState(out var s))
        {
            states.Add(s);
        }

        return (records, states);
    }

    [Fact]
    public void A_register_dump_after_an_exec_tb_line_gives_the_syscall_registers_and_the_record_it_follows()
    {
        var capture = new SyscallCaptures().Tb(10, 0x49641b).Tb(20, Entry)
            .Dump(rax: 0xc, rip: Entry, rdi: 1, rsi: 2, rdx: 3, r10: 4, r8: 5, r9: 6, rcx: 0x496420, cr3: 0x5a3e000).Tb(30, 0x496420);

        var (records, states) = ReadAll(capture);

        Assert.Equal(3, records.Count);
        var s = Assert.Single(states);
        Assert.Equal((0xcUL, Entry, 0x496420UL, 0x5a3e000UL), (s.Rax, s.Rip, s.Rcx, s.Cr3));
        Assert.Equal(new ulong[] { 1, 2, 3, 4, 5, 6 }, new[] { s.Rdi, s.Rsi, s.Rdx, s.R10, s.R8, s.R9 });
        Assert.Equal(0x246UL, s.R11);
        Assert.Equal(0, s.Cpl);
        Assert.Equal(3, s.Line);
        Assert.Equal(2, s.RecordLine);
    }

    [Fact]
    public void Dump_lines_are_not_records_and_are_counted_even_when_not_collected()
    {
        var capture = new SyscallCaptures().Tb(20, Entry).Dump(0, Entry).Tb(30, 0x400000);
        using var reader = new LogTraceReader(capture.Stream(), "qemu.log", null);

        var records = Traces.ReadAll(reader);

        Assert.Equal(2, records.Count);
        Assert.Equal(1, reader.CpuStateCount);
        Assert.False(reader.HasCpuState);
        Assert.Equal(20, reader.Statistics.SkippedLines);
    }

    [Fact]
    public void A_dump_cut_short_by_a_trace_line_names_the_line_and_where_the_dump_started()
    {
        var text = new SyscallCaptures().Tb(20, Entry).Dump(0, Entry).ToString().Split('\n');
        var broken = string.Join('\n', text.Take(6)) + "\n" + new SyscallCaptures().Tb(30, 0x400000);
        using var reader = new LogTraceReader(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(broken)), "qemu.log", null);

        var e = Assert.Throws<TraceFormatException>(() => Traces.ReadAll(reader));

        Assert.StartsWith("qemu.log: line 7: the -d cpu register dump that starts at line 2 ends before its EFER= line", e.Message);
    }

    [Fact]
    public void A_dump_without_rax_and_rip_is_refused_with_the_missing_registers()
    {
        var capture = new SyscallCaptures().Tb(20, Entry).Line("RAX=0000000000000001 RBX=0000000000000000").Line("EFER=0000000000000d01");
        using var reader = new LogTraceReader(capture.Stream(), "qemu.log", null);

        var e = Assert.Throws<TraceFormatException>(() => Traces.ReadAll(reader));

        Assert.StartsWith("qemu.log: line 2: a -d cpu register dump (lines 2-3) without RCX,", e.Message);
        Assert.Contains("RIP", e.Message);
    }

    [Fact]
    public void A_capture_with_register_dumps_is_sniffed_as_the_log_format()
    {
        using var temp = new TempFiles();
        var path = temp.Write("syscalls.log", new SyscallCaptures().Tb(20, Entry).Dump(0, Entry).ToString());

        Assert.Equal(TraceFormat.Log, TraceFile.Sniff(path));
    }
}
