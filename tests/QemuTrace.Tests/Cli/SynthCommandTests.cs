using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Cli;

public class SynthCommandTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void A_synthetic_trace_replays_the_real_ones_records_so_its_decode_starts_identically()
    {
        var output = _files.PathOf("synth.bin");

        var synth = Qtrace.Run("synth", output, "--like", RepositoryData.PathOf("boot", "trace-simple-v4.bin.gz"), "--records", "2000");
        var decode = Qtrace.RunProcess("decode", output, "--events", RepositoryData.PathOf("boot", "trace-events-all"));

        Assert.Equal(0, synth.ExitCode);
        using var gz = new System.IO.Compression.GZipStream(File.OpenRead(RepositoryData.PathOf("expected", "simpletrace-decode.head5000.txt.gz")), System.IO.Compression.CompressionMode.Decompress);
        var expected = new StreamReader(gz).ReadToEnd().Split('\n').Take(2000);
        Assert.Equal(expected, decode.Stdout.TrimEnd('\n').Split('\n'));
    }
}
