using System.Buffers.Binary;
using QemuTrace.Formats;

namespace QemuTrace.Symbols;

/// <summary>
/// Where the pieces of a bzImage run when QEMU boots it with <c>-kernel</c> (hw/i386/x86.c, x86_load_linux) and the
/// kernel does not randomize its physical address (<c>nokaslr</c>): the real-mode setup at 0x10000 (0x90000 for old
/// protocols), the protected-mode part at 0x100000, and the decompressor moved to the end of the kernel's buffer
/// <c>[pref_address, pref_address + init_size)</c>. Fields from the boot protocol header
/// (Documentation/x86/boot.rst).
/// </summary>
public sealed class BzImageLayout
{
    private const int HeaderBytes = 0x268;
    private const ulong OptionRomStart = 0xc0000;
    /// <summary>
    /// SeaBIOS copies option ROMs up from 0xc0000 (VGA BIOS first); in the data/ boot they end below 0xcc000, and SeaBIOS's
    /// own code runs at 0xd4000 and above during POST, so the ROM area is taken as 0xc0000..0xcffff.
    /// </summary>
    private const ulong OptionRomEnd = 0xd0000;

    private BzImageLayout(int protocol, int setupSectors, ulong protectedModeSize, bool loadedHigh, ulong preferredAddress, ulong initSize)
    {
        Protocol = protocol;
        RealModeStart = protocol < 0x200 || !loadedHigh ? 0x90000UL : 0x10000UL;
        RealModeSize = (ulong)(setupSectors + 1) * 512;
        ProtectedModeStart = protocol < 0x200 || !loadedHigh ? 0x10000UL : 0x100000UL;
        ProtectedModeSize = protectedModeSize;
        PreferredAddress = preferredAddress;
        InitSize = initSize;
    }

    /// <summary>Boot protocol version, e.g. 0x20f.</summary>
    public int Protocol { get; }

    /// <summary>Where QEMU put the real-mode setup code.</summary>
    public ulong RealModeStart { get; }

    /// <summary>Its size: (setup_sects + 1) sectors.</summary>
    public ulong RealModeSize { get; }

    /// <summary>Where QEMU put the protected-mode part (the compressed kernel with its decompressor).</summary>
    public ulong ProtectedModeStart { get; }

    /// <summary>Its size: syssize paragraphs.</summary>
    public ulong ProtectedModeSize { get; }

    /// <summary>The kernel's physical load address and entry without KASLR (<c>pref_address</c>, protocol 2.10+; else 16 MiB).</summary>
    public ulong PreferredAddress { get; }

    /// <summary>The buffer the kernel needs from its load address (<c>init_size</c>); the decompressor runs at its end.</summary>
    public ulong InitSize { get; }

    /// <summary>Reads the boot protocol header of a bzImage (only its first 616 bytes are needed).</summary>
    /// <exception cref="TraceFormatException">Not a bzImage, or a protocol older than 2.00.</exception>
    public static BzImageLayout Load(string path)
    {
        byte[] bytes;
        try
        {
            using var file = File.OpenRead(path);
            bytes = new byte[HeaderBytes];
            int n = file.ReadAtLeast(bytes, HeaderBytes, throwOnEndOfStream: false);
            if (n < HeaderBytes)
            {
                throw new TraceFormatException(path, TraceLocation.Byte(n), $"the file ends after {n} bytes, inside the boot protocol header (0x{HeaderBytes:x} bytes); give the kernel's bzImage (vmlinuz), not vmlinux");
            }
        }
        catch (IOException e)
        {
            throw new TraceFormatException(path, null, $"cannot read it: {e.Message}; give the kernel's bzImage (vmlinuz)");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new TraceFormatException(path, null, $"cannot read it: {e.Message}");
        }

        return Parse(bytes, path);
    }

    /// <summary>Parses the header bytes (at least 616).</summary>
    public static BzImageLayout Parse(ReadOnlySpan<byte> header, string source)
    {
        if (header.Length < HeaderBytes || !header.Slice(0x202, 4).SequenceEqual("HdrS"u8))
        {
            throw new TraceFormatException(source, TraceLocation.Byte(0x202), "expected the boot protocol magic HdrS: this is not a bzImage; give the kernel's vmlinuz, not vmlinux");
        }

        int protocol = BinaryPrimitives.ReadUInt16LittleEndian(header[0x206..]);
        int setupSectors = header[0x1f1] == 0 ? 4 : header[0x1f1];
        ulong syssize = BinaryPrimitives.ReadUInt32LittleEndian(header[0x1f4..]);
        bool loadedHigh = (header[0x211] & 1) != 0;
        ulong preferred = protocol >= 0x20a ? BinaryPrimitives.ReadUInt64LittleEndian(header[0x258..]) : 0x100_0000;
        ulong initSize = protocol >= 0x20a ? BinaryPrimitives.ReadUInt32LittleEndian(header[0x260..]) : 0;
        return new BzImageLayout(protocol, setupSectors, syssize * 16, loadedHigh, preferred, initSize);
    }

    /// <summary>The part a PC belongs to; <paramref name="kernelEntered"/> once the physical entry has run.</summary>
    public EarlyBootPart Classify(ulong pc, bool kernelEntered)
    {
        if (kernelEntered)
        {
            return EarlyBootPart.Kernel;
        }

        if (pc >= RealModeStart && pc < RealModeStart + RealModeSize)
        {
            return EarlyBootPart.RealModeSetup;
        }

        if (pc >= ProtectedModeStart && pc < ProtectedModeStart + ProtectedModeSize)
        {
            return EarlyBootPart.DecompressorEntry;
        }

        if (pc >= PreferredAddress && pc < PreferredAddress + InitSize)
        {
            return EarlyBootPart.RelocatedDecompressor;
        }

        return pc is >= OptionRomStart and < OptionRomEnd ? EarlyBootPart.OptionRoms : EarlyBootPart.Firmware;
    }
}
