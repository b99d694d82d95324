using System.Buffers.Binary;
using System.Text;
using QemuTrace.Formats;

namespace QemuTrace.Symbols;

/// <summary>
/// An ELF64 file as the symbol reader needs it: the header, the section headers and the contents of the few sections
/// asked for (symbol and string tables), checked by <see cref="ElfLayout.Validate"/> before anything is trusted. A
/// plain file is read where needed (a debug vmlinux is 600 MB, its symbol and string tables about 6 MB); a
/// compressed one is decompressed whole, bounded by <see cref="ElfLayout.MaxFileBytes"/>.
/// </summary>
internal sealed class ElfImage : IDisposable
{
    /// <summary>The ELF header's size.</summary>
    public const int HeaderSize = 64;

    /// <summary>A section header's size.</summary>
    public const int SectionHeaderSize = 64;

    private static readonly object CacheLock = new();
    private static ((string Path, long Length, DateTime Written) Key, WeakReference<byte[]> Bytes)? _last;

    private readonly FileStream? _file;
    private readonly byte[]? _bytes;
    private readonly Dictionary<int, byte[]> _contents = [];
    private byte[] _sectionTable = [];
    private ElfSection[] _sections = [];

    private ElfImage(string path, FileStream? file, byte[]? bytes)
    {
        Path = path;
        _file = file;
        _bytes = bytes;
        Length = file?.Length ?? bytes!.Length;
        Header = Read(0, (int)Math.Min(HeaderSize, Length));
    }

    /// <summary>The file, as messages name it.</summary>
    public string Path { get; }

    /// <summary>The (decompressed) file's length in bytes.</summary>
    public long Length { get; }

    /// <summary>The first 64 bytes (fewer when the file is shorter).</summary>
    public byte[] Header { get; }

    /// <summary>e_type: 1 relocatable, 2 executable, 3 shared object.</summary>
    public ushort Type => BinaryPrimitives.ReadUInt16LittleEndian(Header.AsSpan(16));

    /// <summary>e_entry.</summary>
    public ulong EntryPoint => BinaryPrimitives.ReadUInt64LittleEndian(Header.AsSpan(24));

    /// <summary>Every section, index for index as the ELF numbers them (after <see cref="ElfLayout.Validate"/>).</summary>
    public IReadOnlyList<ElfSection> Sections => _sections;

    /// <summary>Opens <paramref name="path"/> and checks its layout; the sections are then named and listed.</summary>
    /// <exception cref="TraceFormatException">Not an ELF, or an unsound one; the file cannot be read.</exception>
    public static ElfImage Open(string path)
    {
        var image = Create(path);
        try
        {
            var header = image.Header;
            if (header.Length < HeaderSize || header[0] != 0x7f || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F')
            {
                string first = Convert.ToHexString(header, 0, Math.Min(header.Length, 4)).ToLowerInvariant();
                throw new TraceFormatException(path, TraceLocation.Byte(0), $"not an ELF file (expected the magic 7f 45 4c 46, found {(first.Length == 0 ? "an empty file" : first)}); give the kernel's vmlinux (not the compressed bzImage/vmlinuz), a .ko, or use --system-map / --kallsyms for text symbol lists");
            }

            var (tableOffset, count, namesIndex) = ElfLayout.Validate(image);
            image.ListSections(tableOffset, count, namesIndex);
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    /// <summary>Bytes <paramref name="offset"/> to <paramref name="offset"/> + <paramref name="count"/>, which the caller checked lie in the file.</summary>
    public byte[] Read(long offset, int count)
    {
        if (offset < 0 || count < 0 || offset > Length - count)
        {
            throw new TraceFormatException(Path, TraceLocation.Byte(Math.Max(offset, 0)), $"{count} bytes at offset {offset} lie past the end of the {Length}-byte file: a header is corrupt or the file truncated; copy the file again");
        }

        var bytes = new byte[count];
        if (_bytes is not null)
        {
            _bytes.AsSpan((int)offset, count).CopyTo(bytes);
            return bytes;
        }

        int done = 0;
        while (done < count)
        {
            int n = RandomAccess.Read(_file!.SafeFileHandle, bytes.AsSpan(done), offset + done);
            if (n == 0)
            {
                throw new TraceFormatException(Path, TraceLocation.Byte(offset + done), "the file ended while it was being read (it changed or was cut); copy the file again");
            }

            done += n;
        }

        return bytes;
    }

    /// <summary>The section header table, read once (after its bounds were checked).</summary>
    public ReadOnlySpan<byte> SectionTable(long offset, int count)
    {
        if (_sectionTable.Length != count * SectionHeaderSize)
        {
            _sectionTable = Read(offset, count * SectionHeaderSize);
        }

        return _sectionTable;
    }

    /// <summary>The contents of section <paramref name="index"/> at <paramref name="offset"/> (checked to lie in the file), read once.</summary>
    public byte[] Contents(int index, ulong offset, ulong size)
    {
        if (!_contents.TryGetValue(index, out var bytes))
        {
            if (size > int.MaxValue)
            {
                throw new TraceFormatException(Path, null, $"section {index} holds {size} bytes, more than a symbol or string table can; the section header is corrupt: copy the file again, or give --system-map / --kallsyms instead");
            }

            bytes = Read((long)offset, (int)size);
            _contents[index] = bytes;
        }

        return bytes;
    }

    /// <summary>The contents of a listed section.</summary>
    public byte[] Contents(ElfSection section) => section.Type is ElfSection.NoBits or ElfSection.Null ? [] : Contents(section.Index, section.Offset, section.Size);

    /// <summary>The lowest virtual address of a loadable segment (PT_LOAD), or 0 without one.</summary>
    public ulong LowestLoadAddress()
    {
        ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(Header.AsSpan(0x20));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(Header.AsSpan(0x38));
        var table = count == 0 ? [] : Read((long)offset, count * 56);
        ulong lowest = ulong.MaxValue;
        for (int i = 0; i < count; i++)
        {
            var segment = table.AsSpan(i * 56);
            if (BinaryPrimitives.ReadUInt32LittleEndian(segment) == 1)
            {
                lowest = Math.Min(lowest, BinaryPrimitives.ReadUInt64LittleEndian(segment[16..]));
            }
        }

        return lowest == ulong.MaxValue ? 0 : lowest;
    }

    /// <summary>
    /// The NUL-terminated bytes at <paramref name="offset"/> of a string table: none at offset 0, an error when no NUL
    /// ends them inside the table.
    /// </summary>
    public ReadOnlySpan<byte> NameAt(byte[] table, uint offset)
    {
        if (offset == 0)
        {
            return [];
        }

        var rest = offset < table.Length ? table.AsSpan((int)offset) : [];
        int end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            throw new TraceFormatException(Path, null, $"a corrupt ELF file (a name at offset {offset} of a {table.Length}-byte string table is not ended inside it); copy the file again, or give --system-map / --kallsyms instead");
        }

        return rest[..end];
    }

    /// <summary><see cref="NameAt"/> as a string (UTF-8).</summary>
    public string StringAt(byte[] table, uint offset) => Encoding.UTF8.GetString(NameAt(table, offset));

    private void ListSections(long tableOffset, int count, int namesIndex)
    {
        var table = SectionTable(tableOffset, count);
        var raw = new ElfSection[count];
        for (int i = 0; i < count; i++)
        {
            raw[i] = ElfSection.Parse(i, table.Slice(i * SectionHeaderSize, SectionHeaderSize));
        }

        var names = Contents(raw[namesIndex]);
        for (int i = 0; i < count; i++)
        {
            raw[i] = raw[i] with { Name = StringAt(names, raw[i].NameOffset) };
        }

        _sections = raw;
    }

    private static ElfImage Create(string path)
    {
        Stream stream;
        try
        {
            stream = TraceFile.OpenContent(path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException and not FileNotFoundException)
        {
            throw Unreadable(path, e);
        }

        if (stream is FileStream { CanSeek: true } file)
        {
            try
            {
                return new ElfImage(path, file, null);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        using (stream)
        {
            return new ElfImage(path, null, Decompressed(path, stream));
        }
    }

    /// <summary>
    /// The decompressed content of <paramref name="path"/>. The last one is kept while memory allows (a weak reference),
    /// keyed by the file's full path, length and modification time: an analysis reads a compressed vmlinux twice, for
    /// its symbols and for its syscall table, and decompressing 30 MB again took 45-115 ms.
    /// </summary>
    private static byte[] Decompressed(string path, Stream stream)
    {
        var file = new FileInfo(path);
        var key = file.Exists ? (file.FullName, file.Length, file.LastWriteTimeUtc) : default;
        lock (CacheLock)
        {
            if (file.Exists && _last is { } last && last.Key == key && last.Bytes.TryGetTarget(out var cached))
            {
                return cached;
            }
        }

        var bytes = ReadBounded(path, stream);
        if (file.Exists)
        {
            lock (CacheLock)
            {
                _last = (key, new WeakReference<byte[]>(bytes));
            }
        }

        return bytes;
    }

    /// <summary>The whole decompressed content, refusing more than <see cref="ElfLayout.MaxFileBytes"/>: a gzip bomb ends in an error, not OutOfMemory.</summary>
    private static byte[] ReadBounded(string path, Stream stream)
    {
        try
        {
            var memory = new MemoryStream();
            var buffer = new byte[1 << 16];
            int n;
            while ((n = stream.Read(buffer)) > 0)
            {
                if (memory.Length + n > ElfLayout.MaxFileBytes)
                {
                    throw new TraceFormatException(path, null, $"more than {ElfLayout.MaxFileBytes >> 30} GiB (after decompression): too large for a vmlinux's symbols, or a gzip bomb; give System.map (--system-map) or kallsyms (--kallsyms) instead");
                }

                memory.Write(buffer, 0, n);
            }

            return memory.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw Unreadable(path, e);
        }
    }

    private static TraceFormatException Unreadable(string path, Exception e) =>
        new(path, null, $"cannot read it: {e.Message.ReplaceLineEndings(" ").Trim().TrimEnd('.')}; copy the file again");

    /// <inheritdoc/>
    public void Dispose() => _file?.Dispose();
}
