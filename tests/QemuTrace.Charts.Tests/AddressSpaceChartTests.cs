using QemuTrace.Analysis;
using QemuTrace.Charts.Isolation;
using QemuTrace.Charts.Tests.Support;
using static QemuTrace.Charts.Tests.Support.Figure;

namespace QemuTrace.Charts.Tests;

[Collection(SyscallCaptureCollection.Name)]
public class AddressSpaceChartTests(SyscallCapture capture)
{
    private IReadOnlyList<SyscallRow> Syscalls => capture.Analysis.Syscalls;

    private static Plotly.NET.Trace Named(Plotly.NET.GenericChart chart, string prefix) =>
        Traces(chart).Single(t => Get<string>(t, "name").StartsWith(prefix + " (", StringComparison.Ordinal));

    [Fact]
    public void There_is_one_row_per_address_space_of_the_analysis_in_order_of_first_syscall()
    {
        var chart = AddressSpaceChart.Create(capture.Analysis);

        var rows = AddressSpaces.From(Syscalls);
        var order = Values(Get<DynamicObj.DynamicObj>(Layout(chart), "yaxis"), "categoryarray").Cast<string>().ToList();
        Assert.True(rows.Count > 10, $"the capture has {rows.Count} address spaces");
        Assert.Equal(rows.Count, order.Count);
        Assert.Equal(rows.Count, order.Distinct().Count());
        Assert.Equal(rows.Select(r => "0x" + r.Cr3.ToString("x")), order.Select(label => label.Split(' ')[0]));
        Assert.Equal(
            rows.Select(r => r.Syscalls),
            order.Select(label => Strings(Named(chart, "syscall"), "y").Count(y => y == label)));
    }

    [Fact]
    public void Every_syscall_with_registers_is_one_mark_at_its_entry_time()
    {
        var chart = AddressSpaceChart.Create(capture.Analysis);

        var marks = Named(chart, "syscall");
        var withRegisters = Syscalls.Where(s => s.Registers is not null).ToList();
        Assert.Equal(Syscalls.Count, withRegisters.Count);
        Assert.Equal(withRegisters.Select(s => s.TimeNs).Order(), Doubles(marks, "x").Select(x => (long)Math.Round(x * 1e6)).Order());
    }

    [Theory]
    [InlineData("execve", new[] { "execve", "execveat" })]
    [InlineData("clone", new[] { "clone", "clone3", "fork", "vfork" })]
    [InlineData("exit_group", new[] { "exit_group", "exit" })]
    public void The_life_marks_are_exactly_the_execve_clone_and_exit_group_calls(string mark, string[] names)
    {
        var chart = AddressSpaceChart.Create(capture.Analysis);

        var trace = Named(chart, mark);
        var expected = Syscalls.Where(s => names.Contains(s.Syscall)).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, Doubles(trace, "x").Count);
        Assert.Equal($"{mark} ({expected.Count})", Get<string>(trace, "name"));
        Assert.All(Values(trace, "customdata"), c => Assert.Contains((string)((object[])c)[0], names));
    }

    [Fact]
    public void The_marks_of_a_life_lie_on_its_row()
    {
        var chart = AddressSpaceChart.Create(capture.Analysis);

        var rows = AddressSpaces.From(Syscalls);
        var labels = AddressSpaceChart.Labels(AddressSpaces.Lives(Syscalls));
        var exits = Named(chart, "exit_group");
        var exitRows = Strings(exits, "y").ToHashSet();
        var rowsWithExit = rows.Zip(labels).Where(p => p.First.ExitNs is not null).Select(p => p.Second).ToHashSet();
        Assert.Equal(rowsWithExit, exitRows);
        var execveRows = Strings(Named(chart, "execve"), "y").ToHashSet();
        Assert.Equal(rows.Zip(labels).Where(p => p.First.ExecveNs is not null).Select(p => p.Second).ToHashSet(), execveRows);
    }

    [Fact]
    public void The_hover_gives_name_number_duration_arguments_and_call_site()
    {
        var chart = AddressSpaceChart.Create(capture.Analysis);

        var marks = Named(chart, "syscall");
        var first = (object[])Values(marks, "customdata")[0];
        var s = Syscalls.Where(s => s.Registers is not null).OrderBy(s => s.TimeNs).First();
        Assert.Equal(s.Syscall, first[0]);
        Assert.Equal(s.Registers!.Number, first[1]);
        Assert.Equal("0x" + s.Registers.Arg0.ToString("x"), ((string)first[3]).Split(", ")[0]);
        Assert.Equal(6, ((string)first[3]).Split(", ").Length);
        Assert.StartsWith("0x" + s.Registers.CallSite.ToString("x"), (string)first[4]);
        var template = Get<string>(marks, "hovertemplate");
        Assert.Contains("duration", template);
        Assert.Contains("call site", template);
    }

    [Fact]
    public void The_hover_names_the_call_site_function_when_user_symbols_named_it()
    {
        var named = Syscalls.Select(s => s with { Registers = s.Registers! with { CallSiteFunction = "__libc_write" } }).ToList();

        var chart = AddressSpaceChart.Create(named);

        var site = (string)((object[])Values(Named(chart, "syscall"), "customdata")[0])[4];
        Assert.EndsWith(" in __libc_write", site);
    }

    [Fact]
    public void The_chart_grows_with_the_address_spaces()
    {
        var few = AddressSpaceChart.Create(Syscalls.Take(5).ToList());
        var all = AddressSpaceChart.Create(capture.Analysis);

        int rows = AddressSpaces.From(Syscalls).Count;
        Assert.True(Get<int>(Layout(all), "height") >= 18 * rows, $"height {Get<int>(Layout(all), "height")} for {rows} rows");
        Assert.True(Get<int>(Layout(few), "height") < Get<int>(Layout(all), "height"));
    }

    [Fact]
    public void A_trace_without_register_dumps_says_how_to_record_one()
    {
        var plain = Syscalls.Select(s => s with { Registers = null }).ToList();

        var chart = AddressSpaceChart.Create(plain);

        Assert.Empty(Traces(chart));
        Assert.Contains("qtrace record --mode syscalls", Title(chart));
    }

    [Fact]
    public void The_html_report_of_a_syscall_capture_has_the_address_spaces_chart_and_table()
    {
        var page = BootReport.Create(capture.Analysis, "syscall capture", "data/syscalls/syscalls.log.gz").ToHtml();

        Assert.Contains("System calls per address space", page);
        Assert.Contains("exit_group (29)", page);
    }

    [Fact]
    public void Every_standard_chart_includes_the_address_spaces_only_when_syscalls_have_registers()
    {
        var payload = ChartPayload.From(capture.Analysis);
        var plain = payload with { Syscalls = Syscalls.Select(s => s with { Registers = null }).ToList() };

        Assert.Contains(ChartKinds.AddressSpaces, BootCharts.All(payload).Select(c => c.Kind));
        Assert.DoesNotContain(ChartKinds.AddressSpaces, BootCharts.All(plain).Select(c => c.Kind));
    }

    [Fact]
    public void It_is_a_standard_chart_kind_drawn_from_a_payload_that_crossed_as_json()
    {
        var payload = ChartPayload.FromJson(ChartPayload.From(capture.Analysis).ToJson());

        var chart = BootCharts.Create(ChartKinds.AddressSpaces, payload);

        Assert.Contains(ChartKinds.AddressSpaces, ChartKinds.All);
        Assert.Equal(Syscalls.Count(s => AddressSpaces.IsExit(s.Syscall)), Doubles(Named(chart, "exit_group"), "x").Count);
    }
}
