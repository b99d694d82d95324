using QemuTrace.Analysis;

namespace QemuTrace.Export;

/// <summary>The analyses' results as <see cref="ResultTable"/>s, with the column names the CLI's TSV promises.</summary>
public static class BootAnalysisTables
{
    /// <summary>
    /// <c>function total_ns percent blocks entries</c>, by time; <paramref name="top"/> limits the rows. A block
    /// capture (every executed block, with instruction counts) adds <c>instructions insn_percent</c>.
    /// </summary>
    public static ResultTable Profile(BootAnalysis analysis, int? top = null)
    {
        if (analysis.Instructions is long instructions)
        {
            return ExactProfile(analysis, instructions, top);
        }

        var table = new ResultTable("Time per function (exec_tb intervals; see the attribution model)",
            new("function", ColumnKind.Text), new("total_ns", ColumnKind.Nanoseconds), new("percent", ColumnKind.Percent),
            new("blocks", ColumnKind.Integer), new("entries", ColumnKind.Integer));
        foreach (var row in analysis.Profile.Take(top ?? int.MaxValue))
        {
            table.Add(row.Function, row.TotalNs, row.Percent, row.Blocks, row.Entries);
        }

        table.Notes.Add($"{analysis.Profile.Count:N0} functions, {ResultTableWriter.FormatDuration(analysis.AttributedNs)} attributed over {analysis.BlockRecords:N0} exec_tb records.");
        table.Notes.Add("Records are sampled only when QEMU's CPU loop enters translated code: a function's time includes whatever ran, chained, after its block until the loop was next entered.");
        AddDropNotes(analysis, table);
        return table;
    }

    /// <summary><c>region total_ns percent blocks</c> (and <c>instructions insn_percent</c> for a block capture).</summary>
    public static ResultTable Regions(BootAnalysis analysis)
    {
        if (analysis.Instructions is long instructions)
        {
            var exact = new ResultTable("Time and instructions per boot region (every executed block)",
                new("region", ColumnKind.Text), new("total_ns", ColumnKind.Nanoseconds), new("percent", ColumnKind.Percent), new("blocks", ColumnKind.Integer),
                new("instructions", ColumnKind.Integer), new("insn_percent", ColumnKind.Percent));
            foreach (var row in analysis.Regions)
            {
                exact.Add(BootRegions.Name(row.Region), row.TotalNs, row.Percent, row.Blocks, row.Instructions ?? 0, Share(row.Instructions ?? 0, instructions));
            }

            return exact;
        }

        var table = new ResultTable("Time per boot region",
            new("region", ColumnKind.Text), new("total_ns", ColumnKind.Nanoseconds), new("percent", ColumnKind.Percent), new("blocks", ColumnKind.Integer));
        foreach (var row in analysis.Regions)
        {
            table.Add(BootRegions.Name(row.Region), row.TotalNs, row.Percent, row.Blocks);
        }

        return table;
    }

    private static ResultTable ExactProfile(BootAnalysis analysis, long instructions, int? top)
    {
        var table = new ResultTable("Time and instructions per function (every executed block; see the attribution model)",
            new("function", ColumnKind.Text), new("total_ns", ColumnKind.Nanoseconds), new("percent", ColumnKind.Percent),
            new("blocks", ColumnKind.Integer), new("entries", ColumnKind.Integer),
            new("instructions", ColumnKind.Integer), new("insn_percent", ColumnKind.Percent));
        foreach (var row in analysis.Profile.Take(top ?? int.MaxValue))
        {
            table.Add(row.Function, row.TotalNs, row.Percent, row.Blocks, row.Entries, row.Instructions ?? 0, Share(row.Instructions ?? 0, instructions));
        }

        table.Notes.Add($"{analysis.Profile.Count:N0} functions, {ResultTableWriter.FormatDuration(analysis.AttributedNs)} attributed over {analysis.BlockRecords:N0} block executions (every one), {instructions:N0} guest instructions.");
        table.Notes.Add("Each block owns the time until the next block; blocks are the function's executed blocks and entries those at its first byte.");
        table.Notes.Add("Time is host time under the recording plugin, which adds its own cost to every block (docs/capture.md has the measured slowdown), so it is distorted; instruction counts are exact and not distorted.");
        AddDropNotes(analysis, table);
        return table;
    }

    private static double Share(long part, long whole) => whole == 0 ? 0 : 100.0 * part / whole;

    /// <summary><c>time_ns function pc</c>, by time.</summary>
    public static ResultTable FirstCalls(BootAnalysis analysis, int? top = null)
    {
        var table = new ResultTable("First call of each function",
            new("time_ns", ColumnKind.Nanoseconds), new("function", ColumnKind.Text), new("pc", ColumnKind.Hex));
        foreach (var row in analysis.FirstCalls.Take(top ?? int.MaxValue))
        {
            table.Add(row.TimeNs, row.Function, row.Pc);
        }

        table.Notes.Add("A block's first execution always follows its translation in the CPU loop, so first calls are exact to the record.");
        return table;
    }

    /// <summary><c>time_ns milestone pc</c>, by time.</summary>
    public static ResultTable Milestones(BootAnalysis analysis)
    {
        var table = new ResultTable("Boot milestones",
            new("time_ns", ColumnKind.Nanoseconds), new("milestone", ColumnKind.Text), new("pc", ColumnKind.Hex));
        foreach (var m in analysis.Milestones)
        {
            table.Add(m.TimeNs, m.Name, m.Pc);
        }

        return table;
    }

    /// <summary><c>stage start_ns duration_ns</c>.</summary>
    public static ResultTable Stages(BootAnalysis analysis)
    {
        var table = new ResultTable("Boot stages (between consecutive milestones)",
            new("stage", ColumnKind.Text), new("start_ns", ColumnKind.Nanoseconds), new("duration_ns", ColumnKind.Nanoseconds));
        foreach (var s in analysis.Stages)
        {
            table.Add(s.Name, s.StartNs, s.DurationNs);
        }

        return table;
    }

    /// <summary>
    /// <c>time_ns syscall duration_ns named_by user_pc</c>, by time; on a capture with register dumps also
    /// <c>number arg0 .. arg5 call_site cr3</c> (empty where a syscall has no dump).
    /// </summary>
    public static ResultTable Syscalls(BootAnalysis analysis, int? top = null)
    {
        bool registers = analysis.CpuStates > 0 && analysis.Syscalls.Any(s => s.Registers is not null);
        bool callSiteFunctions = registers && analysis.Syscalls.Any(s => s.Registers?.CallSiteFunction is not null);
        var columns = new List<ResultColumn>
        {
            new("time_ns", ColumnKind.Nanoseconds), new("syscall", ColumnKind.Text), new("duration_ns", ColumnKind.Nanoseconds),
            new("named_by", ColumnKind.Text), new("user_pc", ColumnKind.Hex),
        };
        if (registers)
        {
            columns.Add(new("number", ColumnKind.Integer));
            columns.AddRange(Enumerable.Range(0, 6).Select(i => new ResultColumn($"arg{i}", ColumnKind.Hex)));
            columns.Add(new("call_site", ColumnKind.Hex));
            columns.Add(new("cr3", ColumnKind.Hex));
            if (callSiteFunctions)
            {
                columns.Add(new("call_site_function", ColumnKind.Text));
            }
        }

        var table = new ResultTable("System calls", [.. columns]);
        foreach (var s in analysis.Syscalls.Take(top ?? int.MaxValue))
        {
            if (!registers)
            {
                table.Add(s.TimeNs, s.Syscall, s.DurationNs, NamedBy(s.NamedBy), s.UserPc);
            }
            else if (s.Registers is { } r)
            {
                object?[] row = [s.TimeNs, s.Syscall, s.DurationNs, NamedBy(s.NamedBy), s.UserPc, r.Number, r.Arg0, r.Arg1, r.Arg2, r.Arg3, r.Arg4, r.Arg5, r.CallSite, r.Cr3];
                table.Add(callSiteFunctions ? [.. row, r.CallSiteFunction] : row);
            }
            else
            {
                object?[] row = [s.TimeNs, s.Syscall, s.DurationNs, NamedBy(s.NamedBy), s.UserPc, null, null, null, null, null, null, null, null, null];
                table.Add(callSiteFunctions ? [.. row, null] : row);
            }
        }

        AddSyscallNotes(analysis, table);
        return table;
    }

    /// <summary><c>syscall count handler inferred total_ns max_ns</c> (and <c>register</c> on a capture with register dumps), by total time.</summary>
    public static ResultTable SyscallSummary(BootAnalysis analysis)
    {
        bool registers = analysis.SyscallNameSource is not null;
        var columns = new List<ResultColumn>
        {
            new("syscall", ColumnKind.Text), new("count", ColumnKind.Integer), new("handler", ColumnKind.Integer),
            new("inferred", ColumnKind.Integer), new("total_ns", ColumnKind.Nanoseconds), new("max_ns", ColumnKind.Nanoseconds),
        };
        if (registers)
        {
            columns.Insert(2, new("register", ColumnKind.Integer));
        }

        var table = new ResultTable("System calls by name", [.. columns]);
        foreach (var s in analysis.SyscallSummary)
        {
            if (registers)
            {
                table.Add(s.Syscall, s.Count, s.ByRegister, s.ByHandler, s.Inferred, s.TotalNs, s.MaxNs);
            }
            else
            {
                table.Add(s.Syscall, s.Count, s.ByHandler, s.Inferred, s.TotalNs, s.MaxNs);
            }
        }

        AddSyscallNotes(analysis, table);
        return table;
    }

    /// <summary>
    /// <c>cr3 first_ns last_ns syscalls clones execve_ns exit_ns top</c>: one row per address space, by first syscall
    /// (captures with register dumps; empty otherwise).
    /// </summary>
    public static ResultTable AddressSpaceTable(BootAnalysis analysis)
    {
        var table = new ResultTable("System calls per address space (CR3)",
            new("cr3", ColumnKind.Hex), new("first_ns", ColumnKind.Nanoseconds), new("last_ns", ColumnKind.Nanoseconds),
            new("syscalls", ColumnKind.Integer), new("clones", ColumnKind.Integer), new("execve_ns", ColumnKind.Nanoseconds),
            new("exit_ns", ColumnKind.Nanoseconds), new("top", ColumnKind.Text));
        var rows = AddressSpaces.From(analysis.Syscalls);
        foreach (var r in rows)
        {
            table.Add(r.Cr3, r.FirstNs, r.LastNs, (long)r.Syscalls, (long)r.Clones, r.ExecveNs, r.ExitNs, r.Top);
        }

        table.Notes.Add(rows.Count == 0
            ? "No syscall carries registers: record with `qtrace record --mode syscalls` to see address spaces."
            : $"{rows.Count:N0} address-space lives. A process gets a new CR3 at fork/clone (without CLONE_VM) and at each successful execve; a CR3 freed at exit is often reused, so a row ends at exit_group. execve_ns is its last execve and exit_ns its exit, empty (null in JSON, - in tables) when it made none in the trace.");
        return table;
    }

    /// <summary><c>bin_start_ns</c> then ns per region (and per tracked function) in each time bin.</summary>
    public static ResultTable TimeBins(BootAnalysis analysis)
    {
        var bins = analysis.Bins;
        var regions = bins.ByRegion.Where(kv => kv.Value.Count > 0).OrderBy(kv => kv.Key).ToList();
        var columns = new List<ResultColumn> { new("bin_start_ns", ColumnKind.Nanoseconds) };
        columns.AddRange(regions.Select(kv => new ResultColumn(BootRegions.Name(kv.Key) + "_ns", ColumnKind.Nanoseconds)));
        columns.AddRange(bins.ByFunction.Keys.Select(f => new ResultColumn(f + "_ns", ColumnKind.Nanoseconds)));
        var table = new ResultTable($"Time per region in bins of {ResultTableWriter.FormatDuration(bins.BinNs)}", [.. columns]);
        int count = bins.Count;
        for (int i = 0; i < count; i++)
        {
            var row = new List<object> { i * bins.BinNs };
            row.AddRange(regions.Select(kv => (object)(i < kv.Value.Count ? kv.Value[i] : 0L)));
            row.AddRange(bins.ByFunction.Values.Select(v => (object)(i < v.Count ? v[i] : 0L)));
            table.Add([.. row]);
        }

        return table;
    }

    /// <summary><c>milestone a_ns b_ns delta_ns</c> for two boots (null where a boot did not reach it).</summary>
    public static ResultTable MilestoneDeltas(BootComparison comparison)
    {
        var table = new ResultTable("Milestones, boot A vs boot B",
            new("milestone", ColumnKind.Text), new("a_ns", ColumnKind.Nanoseconds), new("b_ns", ColumnKind.Nanoseconds), new("delta_ns", ColumnKind.Nanoseconds));
        foreach (var m in comparison.Milestones)
        {
            table.Add(m.Name, m.BaselineNs, m.OtherNs, m.DeltaNs);
        }

        table.Notes.Add("delta = B - A; empty (null in JSON, - in tables) where a boot did not reach the milestone.");
        return table;
    }

    /// <summary><c>function a_ns b_ns delta_ns a_blocks b_blocks</c>, largest change first.</summary>
    public static ResultTable FunctionDeltas(BootComparison comparison, int? top = null)
    {
        var table = new ResultTable("Functions whose time changed most, boot A vs boot B",
            new("function", ColumnKind.Text), new("a_ns", ColumnKind.Nanoseconds), new("b_ns", ColumnKind.Nanoseconds),
            new("delta_ns", ColumnKind.Nanoseconds), new("a_blocks", ColumnKind.Integer), new("b_blocks", ColumnKind.Integer));
        foreach (var f in comparison.Functions.Take(top ?? int.MaxValue))
        {
            table.Add(f.Function, f.BaselineNs, f.OtherNs, f.DeltaNs, f.BaselineBlocks, f.OtherBlocks);
        }

        return table;
    }

    /// <summary>The <c>named_by</c> column's word for a naming.</summary>
    public static string NamedBy(SyscallNaming naming) => naming switch
    {
        SyscallNaming.Handler => "handler",
        SyscallNaming.Inferred => "inferred",
        SyscallNaming.Register => "register",
        _ => "none",
    };

    private static void AddSyscallNotes(BootAnalysis analysis, ResultTable table)
    {
        int all = analysis.Syscalls.Count;
        if (all == 0)
        {
            table.Notes.Add("No syscall entries (entry_SYSCALL_64 and kin) in the trace: are kernel symbols loaded?");
            return;
        }

        int byHandler = analysis.Syscalls.Count(s => s.NamedBy == SyscallNaming.Handler);
        int inferred = analysis.Syscalls.Count(s => s.NamedBy == SyscallNaming.Inferred);
        int byRegister = analysis.Syscalls.Count(s => s.NamedBy == SyscallNaming.Register);
        if (analysis.Syscalls.Any(s => s.DurationNs is null))
        {
            table.Notes.Add("duration_ns is empty (null in JSON, - in tables) for a syscall that had not returned when the trace ended, such as reboot; max_ns is empty when no call of that name returned.");
        }

        if (analysis.CpuStates > 0)
        {
            int dumped = analysis.Syscalls.Count(s => s.Registers is not null);
            table.Notes.Add($"{all:N0} syscalls: {Share(byRegister, all)} named from their number (RAX in the register dump at the entry; names from {analysis.SyscallNameSource ?? "no table"}), {Share(byHandler, all)} by a handler seen in the trace, {Share(inferred, all)} inferred, {Share(all - byHandler - inferred - byRegister, all)} unknown (?).");
            table.Notes.Add($"{analysis.CpuStates:N0} register dumps: {dumped:N0} at a syscall entry, {analysis.CpuStatesOutsideEntries:N0} elsewhere; {analysis.SyscallReentries:N0} entries re-entered after exec_tb_exit flags=0x3 counted once. call_site is RCX, the user instruction after `syscall`; cr3 identifies the address space.");
            return;
        }

        table.Notes.Add($"{all:N0} syscalls: {Share(byHandler, all)} named by a handler seen in the trace, {Share(inferred, all)} inferred, {Share(all - byHandler - inferred, all)} unknown (?).");
        table.Notes.Add("A handler's block is recorded only when the CPU loop enters it, mostly on its first run; naming every syscall needs a capture with the registers at each entry: `qtrace record --mode syscalls` (see docs/capture.md).");
    }

    /// <summary>One line saying where QEMU lost events, as both faces print it.</summary>
    public static string DroppedGapNote(DroppedEventGap gap) =>
        $"QEMU dropped {gap.Count:N0} events between {ResultTableWriter.FormatDuration(gap.StartNs)} and {ResultTableWriter.FormatDuration(gap.EndNs)} " +
        $"(a gap of {ResultTableWriter.FormatDuration(gap.DurationNs)}, {gap.RecordsAfterDropRecord:N0} buffered records after the Dropped_Event record at byte {gap.DropRecordPosition:N0}).";

    private static string Share(int part, int all) => $"{part:N0} ({100.0 * part / all:F1}%)";

    private static void AddDropNotes(BootAnalysis analysis, ResultTable table)
    {
        if (analysis.IntervalsSpanningDrops > 0)
        {
            table.Notes.Add($"{analysis.IntervalsSpanningDrops:N0} intervals ({ResultTableWriter.FormatDuration(analysis.NsSpanningDrops)}) span events QEMU dropped: their time includes records that were lost.");
        }

        foreach (var gap in analysis.DroppedEventGaps)
        {
            table.Notes.Add(DroppedGapNote(gap));
        }

        if (analysis.NegativeIntervals > 0)
        {
            table.Notes.Add($"{analysis.NegativeIntervals:N0} intervals end earlier than they start (out-of-order timestamps) and count as 0.");
        }
    }
}
