namespace QemuTrace.Recording;

/// <summary>What a QEMU binary can do, as <see cref="QemuProbe"/> found by running it.</summary>
/// <param name="Binary">The binary as given.</param>
/// <param name="Version">The first line of <c>--version</c>.</param>
/// <param name="HasSimpleBackend">A trace with no <c>file=</c> wrote a simple-backend binary file (header ff ff ff ff ff ff ff ff).</param>
/// <param name="HasLogBackend">An enabled event wrote a line to the <c>-D</c> log.</param>
/// <param name="AcceptsPlugins">Its <c>-help</c> lists <c>-plugin</c> (TCG plugins).</param>
public sealed record QemuCapabilities(string Binary, string Version, bool HasSimpleBackend, bool HasLogBackend, bool AcceptsPlugins)
{
    /// <summary>One line for people: version, backends, plugins.</summary>
    public string Describe() =>
        $"{Version}; trace backends: {(HasSimpleBackend && HasLogBackend ? "simple and log" : HasSimpleBackend ? "simple only" : HasLogBackend ? "log only" : "none (built with nop?)")}; TCG plugins: {(AcceptsPlugins ? "yes" : "no")}";
}
