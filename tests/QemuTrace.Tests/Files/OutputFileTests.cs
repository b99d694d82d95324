using QemuTrace.Files;
using QemuTrace.Formats;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Files;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class OutputFileTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void An_output_that_is_an_input_under_another_spelling_is_refused_in_one_line_naming_both()
    {
        var input = _files.Write("trace.bin", [1, 2, 3]);
        var spelled = Path.Combine(_files.Directory, ".", "sub", "..", "trace.bin");
        Directory.CreateDirectory(_files.PathOf("sub"));

        var error = Assert.Throws<InputException>(() => OutputFile.Write(spelled, [input], s => s.WriteByte(9)));

        Assert.Contains(spelled, error.Message);
        Assert.Contains(input, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(input));
    }

    [Fact]
    public void An_output_that_is_a_hard_link_or_symlink_to_an_input_is_refused()
    {
        var input = _files.Write("vmlinux", [7, 7]);
        var symlink = _files.PathOf("link");
        File.CreateSymbolicLink(symlink, input);
        var hardLink = _files.PathOf("hard");
        using (var ln = System.Diagnostics.Process.Start("ln", [input, hardLink]))
        {
            ln.WaitForExit();
        }

        Assert.Throws<InputException>(() => OutputFile.WriteText(symlink, [input], "x"));
        Assert.Throws<InputException>(() => OutputFile.WriteText(hardLink, [input], "x"));
        Assert.Equal([7, 7], File.ReadAllBytes(input));
    }

    [Fact]
    public void A_write_that_fails_midway_leaves_the_previous_file_as_it_was_and_no_temporary_behind()
    {
        var output = _files.Write("report.html", "the old report");

        var error = Assert.Throws<InputException>(() => OutputFile.Write(output, [], stream =>
        {
            stream.Write(new byte[100_000]);
            throw new IOException("No space left on device : '/x/report.html'");
        }));

        Assert.Equal("the old report", File.ReadAllText(output));
        Assert.StartsWith($"{output}: could not write it: No space left on device", error.Message);
        Assert.Contains("the previous file is unchanged", error.Message);
        Assert.Single(Directory.GetFiles(_files.Directory));
    }

    [Fact]
    public void A_folder_that_cannot_be_written_is_a_one_line_error()
    {
        // /sys is mounted read-only in containers and refuses new files even to root.
        var error = Assert.Throws<InputException>(() => OutputFile.WriteText("/sys/qtrace-report.html", [], "x"));

        Assert.Contains("cannot create a file in /sys", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_missing_folder_is_named_instead_of_a_stack_trace()
    {
        var error = Assert.Throws<InputException>(() => OutputFile.WriteText(_files.PathOf("no/such/out.json"), [], "x"));

        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void A_completed_write_replaces_the_file_and_keeps_its_permissions()
    {
        var output = _files.Write("run.sh", "old");
        File.SetUnixFileMode(output, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        OutputFile.WriteText(output, [], "new");

        Assert.Equal("new", File.ReadAllText(output));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(output));
    }

    [Fact]
    public void A_device_is_written_in_place_not_replaced()
    {
        OutputFile.WriteText("/dev/null", ["/etc/hostname"], "discarded");

        Assert.False(FileIdentity.Of("/dev/null")!.Value.IsRegularFile);
    }
}
