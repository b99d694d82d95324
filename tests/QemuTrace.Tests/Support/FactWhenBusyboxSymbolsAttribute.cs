namespace QemuTrace.Tests.Support;

/// <summary>
/// A fact on the call sites of data/syscalls that needs the symbols of its busybox: Debian's busybox-static ships
/// stripped, so data/syscalls/build-busybox-symbols.sh rebuilds it from Debian's source (checking that every instruction
/// lies where the shipped binary has it) into <see cref="Symbols"/>; skipped, saying so, when that file is absent.
/// </summary>
public sealed class FactWhenBusyboxSymbolsAttribute : FactAttribute
{
    /// <summary>The unstripped rebuild: <c>$CAPTURE_SCRATCH/busybox/busybox_unstripped</c> (default /work/capture-scratch).</summary>
    public static readonly string Symbols = Path.Combine(
        Environment.GetEnvironmentVariable("CAPTURE_SCRATCH") is { Length: > 0 } scratch ? scratch : "/work/capture-scratch", "busybox", "busybox_unstripped");

    /// <summary>gdb's names for every call site of the capture (data/syscalls/make-gdb-call-sites.sh).</summary>
    public static readonly string GdbNames = RepositoryData.PathOf("syscalls", "gdb-call-sites.txt");

    public FactWhenBusyboxSymbolsAttribute()
    {
        if (!File.Exists(Symbols))
        {
            Skip = $"{Symbols} absent: Debian's busybox-static ships stripped; run data/syscalls/build-busybox-symbols.sh (about 3 min) to rebuild it with symbols";
        }
    }
}
