using QemuTrace.Formats;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Formats;

public class TraceFileSniffingTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("1234@1700000000.123456:exec_tb tb:0x7f00 pc=0xfffffff0\n", TraceFormat.Log)]
    [InlineData("exec_tb tb:0x7f00 pc=0xfffffff0\n", TraceFormat.Log)]
    [InlineData("exec_tb 0.000 pid=1 tb=0x7f00 pc=0xfffffff0\n", TraceFormat.SimpletraceText)]
    [InlineData("0.000 fffffff0\n", TraceFormat.TimestampPc)]
    public void Text_formats_are_recognised_from_their_first_line(string text, TraceFormat expected)
    {
        Assert.Equal(expected, TraceFile.Sniff(_files.Write("t.txt", text)));
    }

    [Fact]
    public void The_simple_header_is_recognised()
    {
        Assert.Equal(TraceFormat.Simple, TraceFile.Sniff(_files.Write("t.bin", Traces.Build(4, _ => { }))));
    }

    [Fact]
    public void Binary_data_without_the_header_is_not_a_trace()
    {
        var e = Assert.Throws<TraceFormatException>(() => TraceFile.Sniff(_files.Write("x.bin", new byte[] { 0x7f, 0x45, 0x4c, 0x46, 0, 0, 0 })));

        Assert.Contains("does not start with the simple trace header", e.Message);
        Assert.Contains("7f454c46", e.Message);
    }

    [Fact]
    public void An_empty_file_is_not_a_trace()
    {
        var e = Assert.Throws<TraceFormatException>(() => TraceFile.Sniff(_files.Write("empty", "")));

        Assert.Contains("empty", e.Message);
    }
}
