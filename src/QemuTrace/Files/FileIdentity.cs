using System.Runtime.InteropServices;

namespace QemuTrace.Files;

/// <summary>
/// What a path names on disk: device and inode from <c>stat(2)</c> (links followed), so two spellings of one file,
/// a symlink and its target, or two hard links compare equal. Off Linux (no stable <c>struct stat</c> layout) the
/// fully resolved path stands in for the identity.
/// </summary>
/// <param name="Device">st_dev, or 0 off Linux.</param>
/// <param name="Inode">st_ino, or 0 off Linux.</param>
/// <param name="ResolvedPath">The absolute path with symlinks resolved (what is compared off Linux).</param>
/// <param name="IsRegularFile">False for devices, FIFOs and sockets: they are written in place, never replaced.</param>
/// <param name="IsFifo">A named pipe: opening it for reading waits for a writer.</param>
public readonly record struct FileIdentity(ulong Device, ulong Inode, string ResolvedPath, bool IsRegularFile, bool IsFifo = false)
{
    // struct stat on Linux: st_dev and st_ino are the first two 64-bit fields on x86-64 and arm64 alike;
    // st_mode sits at byte 24 on x86-64 (after the 64-bit st_nlink) and at byte 16 on arm64.
    private const int StatBufferSize = 256;
    internal const uint FileTypeMask = 0xF000;
    internal const uint RegularFileType = 0x8000;
    private const uint FifoType = 0x1000;

    /// <summary>True when both name the same file.</summary>
    public bool SameFileAs(FileIdentity other) =>
        Device != 0 || Inode != 0
            ? Device == other.Device && Inode == other.Inode
            : string.Equals(ResolvedPath, other.ResolvedPath, OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>The identity of an existing file, or null when <paramref name="path"/> names nothing.</summary>
    public static FileIdentity? Of(string path)
    {
        string resolved = Resolve(path);
        if (!File.Exists(resolved) && !Directory.Exists(resolved) && !ExistsAsSpecial(path))
        {
            return null;
        }

        if (OperatingSystem.IsLinux() && ModeOffset() is int modeOffset && LinuxStat(path) is byte[] buffer)
        {
            ulong device = BitConverter.ToUInt64(buffer, 0);
            ulong inode = BitConverter.ToUInt64(buffer, 8);
            uint mode = BitConverter.ToUInt32(buffer, modeOffset);
            return new FileIdentity(device, inode, resolved, (mode & FileTypeMask) == RegularFileType, (mode & FileTypeMask) == FifoType);
        }

        return new FileIdentity(0, 0, resolved, File.Exists(resolved));
    }

    private static bool ExistsAsSpecial(string path) => OperatingSystem.IsLinux() && LinuxStat(path) is not null;

    /// <summary>Where st_mode lies in struct stat on this machine, or null where its layout is not known.</summary>
    internal static int? ModeOffset() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 24,
        Architecture.Arm64 => 16,
        _ => null,
    };

    private static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            var info = new FileInfo(full);
            return info.LinkTarget is null ? full : (info.ResolveLinkTarget(true)?.FullName ?? full);
        }
        catch (IOException)
        {
            return full;
        }
    }

    /// <summary>stat(2) of <paramref name="path"/> into a raw <c>struct stat</c> buffer, or null when it fails.</summary>
    internal static byte[]? LinuxStat(string path)
    {
        var buffer = new byte[StatBufferSize];
        int rc;
        try
        {
            rc = Stat(path, buffer);
        }
        catch (EntryPointNotFoundException)
        {
            // glibc before 2.33 exports stat only as __xstat(version, ...); version 1 is _STAT_VER_LINUX on x86-64.
            rc = XStat(1, path, buffer);
        }

        return rc == 0 ? buffer : null;
    }

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);

    [DllImport("libc", EntryPoint = "__xstat", SetLastError = true)]
    private static extern int XStat(int version, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
}
