using QemuTrace.Formats;
using QemuTrace.Recording;

namespace QemuTrace.Tests.Formats;

public class BlockCaptureOptionsTests
{
    [Theory]
    [InlineData("reset", "reset")]
    [InlineData("kernel", "0x1000000")]
    [InlineData("0xFFFFFFFF819EF58E", "0xffffffff819ef58e")]
    [InlineData("16777216", "0x1000000")]
    public void Start_conditions_become_the_plugins_start_value(string given, string expected)
    {
        Assert.Equal(expected, BlockCapture.ParseStart(given));
    }

    [Fact]
    public void An_unknown_start_condition_says_what_is_accepted()
    {
        var e = Assert.Throws<InputException>(() => BlockCapture.ParseStart("init"));

        Assert.Equal("--start: `init` is not a start condition: give reset, kernel (the physical entry 0x1000000 of a nokaslr kernel) or a guest address such as 0xffffffff819ef58e", e.Message);
    }

    [Fact]
    public void The_plugin_option_names_output_and_start_and_doubles_commas_in_paths()
    {
        var arguments = BlockCapture.QemuArguments("/opt/q,t/qtrace-blocks.so", "/tmp/a,b.qtb", "0x1000000", "monotonic");

        Assert.Equal(["-plugin", "/opt/q,,t/qtrace-blocks.so,out=/tmp/a,,b.qtb,start=0x1000000,clock=monotonic"], arguments);
    }

    [Fact]
    public void A_stop_address_ends_the_recording_early()
    {
        var arguments = BlockCapture.QemuArguments("/p.so", "/e.qtb", "reset", stop: BlockCapture.ParseStart("kernel"));

        Assert.Equal(["-plugin", "/p.so,out=/e.qtb,start=reset,stop=0x1000000"], arguments);
    }
}
