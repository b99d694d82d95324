using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;

namespace QemuTrace.Formats;

/// <summary>
/// A finished regular file mapped read-only into memory, so that a reader parses the page cache in place instead of
/// copying it into a buffer first (what <c>read()</c> does, and what <c>cat</c> of the file costs).
/// </summary>
/// <remarks>
/// Only files that nobody appears to be writing are mapped (<see cref="QuietTime"/>): a mapped file that shrinks under
/// the reader would stop the process (SIGBUS), where <c>read()</c> just sees the end. Pipes, compressed traces, small
/// files and files written moments ago are read through their stream as before.
/// </remarks>
internal sealed unsafe class MappedFile : IDisposable
{
    /// <summary>Smaller files gain nothing from a mapping.</summary>
    public const long MinimumLength = 1 << 20;

    /// <summary>A file modified more recently than this may still be written (QEMU running, a copy in progress): not mapped.</summary>
    public static readonly TimeSpan QuietTime = TimeSpan.FromSeconds(2);

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private byte* _pointer;

    private MappedFile(MemoryMappedFile map, MemoryMappedViewAccessor view, long length)
    {
        _map = map;
        _view = view;
        Length = length;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _pointer = pointer + view.PointerOffset;
    }

    /// <summary>Bytes mapped: the file's length when it was opened.</summary>
    public long Length { get; }

    /// <summary>
    /// Maps <paramref name="file"/> when it is a finished regular file of at least <see cref="MinimumLength"/> bytes;
    /// null when it should be read through its stream (the stream is left as it was).
    /// </summary>
    public static MappedFile? TryOpen(FileStream file)
    {
        try
        {
            if (!file.CanSeek || file.Length < MinimumLength
                || DateTime.UtcNow - File.GetLastWriteTimeUtc(file.Name) < QuietTime)
            {
                return null;
            }

            long length = file.Length;
            var map = MemoryMappedFile.CreateFromFile(file, null, length, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            try
            {
                return new MappedFile(map, map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read), length);
            }
            catch
            {
                map.Dispose();
                throw;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            // Not mappable here (a special file, an exhausted address space...): the stream reads it.
            return null;
        }
    }

    /// <summary>The byte at <paramref name="offset"/> (below <see cref="Length"/>; not checked).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref byte At(long offset) => ref Unsafe.AsRef<byte>(_pointer + offset);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_pointer != null)
        {
            _pointer = null;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _map.Dispose();
        }
    }
}
