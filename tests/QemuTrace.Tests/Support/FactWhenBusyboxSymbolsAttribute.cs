namespace QemuTrace.Tests.Support;

/// <summary>
/// A fact on the call sites of data/syscalls that needs the symbols of its busybox (busybox-static-dbgsym, from Debian's
/// debug archive: data/syscalls/fetch-busybox-symbols.sh) and gdb's names for them (data/syscalls/make-gdb-call-sites.sh);
/// skipped, saying which is missing and how to make it, otherwise.
/// </summary>
public sealed class FactWhenBusyboxSymbolsAttribute : FactAttribute
{
    /// <summary>Where busybox-static-dbgsym installs the symbols of the capture's busybox (its build id is 0daa1a38...).</summary>
    public const string Symbols = "/usr/lib/debug/.build-id/0d/aa1a3855d8d19053684e2a8bd73d647939376e.debug";

    public static readonly string GdbNames = RepositoryData.PathOf("syscalls", "gdb-call-sites.txt");

    public FactWhenBusyboxSymbolsAttribute()
    {
        if (!File.Exists(Symbols))
        {
            Skip = $"{Symbols} absent: Debian's busybox-static ships stripped; run data/syscalls/fetch-busybox-symbols.sh (busybox-static-dbgsym from Debian's debug archive)";
        }
        else if (!File.Exists(GdbNames))
        {
            Skip = $"{GdbNames} absent: run data/syscalls/make-gdb-call-sites.sh (gdb's info symbol for every call site) and commit it";
        }
    }
}
