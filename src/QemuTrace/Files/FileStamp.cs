namespace QemuTrace.Files;

/// <summary>
/// What stat(2) says of a file's bytes: device, inode, size, and the modification and status-change times to the ns.
/// The kernel sets the status-change time on every write and it cannot be set back (unlike the modification time,
/// which <c>touch -r</c> sets), so a file with the same stamp a while after its last change has the same bytes: git's
/// index trusts a file's hash on the same grounds.
/// </summary>
internal readonly record struct FileStamp(ulong Device, ulong Inode, long Size, long ModifiedNs, long ChangedNs)
{
    // struct stat on Linux x86-64 and arm64 alike: st_size at 48, st_mtim at 88, st_ctim at 104 (seconds, then ns).
    private const int SizeOffset = 48;
    private const int ModifiedOffset = 88;
    private const int ChangedOffset = 104;

    /// <summary>The stamp of a regular file, or null (no such file, not a regular file, or not Linux on x86-64 or arm64).</summary>
    public static FileStamp? Of(string path)
    {
        if (!OperatingSystem.IsLinux() || FileIdentity.ModeOffset() is not int modeOffset || FileIdentity.LinuxStat(path) is not byte[] stat)
        {
            return null;
        }

        if ((BitConverter.ToUInt32(stat, modeOffset) & FileIdentity.FileTypeMask) != FileIdentity.RegularFileType)
        {
            return null;
        }

        return new FileStamp(BitConverter.ToUInt64(stat, 0), BitConverter.ToUInt64(stat, 8), BitConverter.ToInt64(stat, SizeOffset),
            Nanoseconds(stat, ModifiedOffset), Nanoseconds(stat, ChangedOffset));
    }

    private static long Nanoseconds(byte[] stat, int offset) =>
        unchecked((BitConverter.ToInt64(stat, offset) * 1_000_000_000) + BitConverter.ToInt64(stat, offset + 8));
}
