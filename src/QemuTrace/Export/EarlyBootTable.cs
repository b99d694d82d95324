using QemuTrace.Analysis;

namespace QemuTrace.Export;

/// <summary>The parts of the boot before kernel entry as a table.</summary>
public static class EarlyBootTable
{
    /// <summary><c>part first_ns last_ns total_ns percent blocks instructions visits first_pc</c>, in the order the parts first ran.</summary>
    public static ResultTable Create(IReadOnlyList<EarlyBootPartRow> rows)
    {
        var table = new ResultTable("Boot before kernel entry, by the parts the bzImage header and QEMU's loader place",
            new("part", ColumnKind.Text), new("first_ns", ColumnKind.Nanoseconds), new("last_ns", ColumnKind.Nanoseconds),
            new("total_ns", ColumnKind.Nanoseconds), new("percent", ColumnKind.Percent), new("blocks", ColumnKind.Integer),
            new("instructions", ColumnKind.Integer), new("visits", ColumnKind.Integer), new("first_pc", ColumnKind.Hex));
        long all = Math.Max(1, rows.Sum(r => r.TotalNs));
        foreach (var r in rows)
        {
            table.Add(r.Name, r.FirstNs, r.LastNs, r.TotalNs, 100.0 * r.TotalNs / all, r.Blocks, r.Instructions, (long)r.Visits, r.FirstPc);
        }

        if (rows.Count == 0 || rows[^1].Part != QemuTrace.Symbols.EarlyBootPart.Kernel)
        {
            table.Notes.Add("The kernel's physical entry never ran in this trace (a capture started after it, or a KASLR boot: these ranges assume nokaslr).");
        }

        table.Notes.Add("Inside the relocated decompressor, extraction, ELF placement and relocation are not told apart: that needs the symbols of arch/x86/boot/compressed/vmlinux, which distributions do not ship (docs/early-boot.md).");
        return table;
    }
}
