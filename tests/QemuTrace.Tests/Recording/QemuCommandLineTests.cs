using QemuTrace.Formats;
using QemuTrace.Recording;

namespace QemuTrace.Tests.Recording;

public class QemuCommandLineTests
{
    [Fact]
    public void A_command_line_splits_into_words_with_shell_quoting()
    {
        var words = QemuCommandLine.Split("qemu-system-x86_64 -m 256M -append 'console=ttyS0 nokaslr' -name \"my vm\" a\\ b");

        Assert.Equal(["qemu-system-x86_64", "-m", "256M", "-append", "console=ttyS0 nokaslr", "-name", "my vm", "a b"], words);
    }

    [Fact]
    public void An_unclosed_quote_is_an_error_that_says_where()
    {
        var e = Assert.Throws<InputException>(() => QemuCommandLine.Split("qemu -append 'console=ttyS0"));

        Assert.Contains("quote at character 14 is never closed", e.Message);
    }
}
