using QemuTrace.Formats;

namespace QemuTrace.Tests.Formats;

public class TraceEventsFileTests
{
    [Fact]
    public void It_reads_names_types_and_formats_like_tracetool()
    {
        var file = TraceEventsFile.Parse("x", """
            exec_tb(void *tb, uintptr_t pc) "tb:%p pc=0x%"PRIxPTR
            disable foo(const char *name, int n) "%s %d"

            """);

        Assert.Equal(2, file.Events.Count);
        var execTb = file.Events[0];
        Assert.Equal("exec_tb", execTb.Name);
        Assert.Equal([new TraceEventArgument("void *", "tb"), new TraceEventArgument("uintptr_t", "pc")], execTb.Arguments);
        Assert.Equal("\"tb:%p pc=0x%\"PRIxPTR", execTb.Format);
        Assert.Equal(["disable"], file.Events[1].Properties);
        Assert.True(file.Events[1].Arguments[0].IsString);
        Assert.False(file.Events[1].Arguments[1].IsString);
    }

    [Fact]
    public void It_skips_comments_and_blank_lines_but_keeps_line_numbers()
    {
        var file = TraceEventsFile.Parse("x", "# hi\n\nfoo(void) \"\"\n");

        Assert.Equal(3, file.Events.Single().LineNumber);
        Assert.Empty(file.Events.Single().Arguments);
    }

    [Fact]
    public void A_vcpu_event_gets_the_implicit_cpu_argument_first()
    {
        var file = TraceEventsFile.Parse("x", "vcpu guest_cpu_enter(int a) \"a=%d\"\n");

        Assert.Equal(["__cpu", "a"], file.Events[0].Arguments.Select(a => a.Name));
        Assert.StartsWith("\"cpu=%p \"", file.Events[0].Format);
    }

    [Fact]
    public void A_pointer_to_char_pointer_is_not_a_string()
    {
        Assert.False(new TraceEventArgument("char **", "argv").IsString);
        Assert.True(new TraceEventArgument("const char *", "s").IsString);
    }

    [Fact]
    public void A_line_that_is_not_a_declaration_names_the_file_and_line()
    {
        var e = Assert.Throws<TraceFormatException>(() => TraceEventsFile.Parse("events.txt", "ok(int a) \"\"\nthis is not one\n"));

        Assert.StartsWith("events.txt: line 2:", e.Message);
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        var e = Assert.Throws<TraceFormatException>(() => TraceEventsFile.Load("/nonexistent/trace-events-all"));

        Assert.Contains("/nonexistent/trace-events-all", e.Message);
    }
}
