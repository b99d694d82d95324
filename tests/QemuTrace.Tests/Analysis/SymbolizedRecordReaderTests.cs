using QemuTrace.Analysis;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Analysis;

public class SymbolizedRecordReaderTests
{
    [Fact]
    public void A_corrupt_timestamp_is_repaired_as_the_analyses_repair_it_so_exports_do_not_stretch()
    {
        const ulong Kernel = 0xffffffff81000000;
        var bytes = Traces.Build(4, w =>
        {
            w.WriteMapping(0, "exec_tb");
            w.WriteEvent(0, 1_000, 1, [0, Kernel]);
            w.WriteEvent(0, 1_010, 1, [0, Kernel + 4]);
            w.WriteEvent(0, 1_000 + (1UL << 50), 1, [0, Kernel + 8]); // one flipped bit, far in the future
            w.WriteEvent(0, 1_030, 1, [0, Kernel + 12]);
        });
        using var reader = Traces.Open(bytes);
        var records = new SymbolizedRecordReader(reader, null);

        var times = new List<long>();
        while (records.Read(out var record))
        {
            times.Add(record.TimeNs);
        }

        Assert.Equal([0L, 10L, 10L, 30L], times);
    }
}
