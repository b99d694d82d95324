namespace QemuTrace.Formats;

/// <summary>
/// The one read from a trace's byte stream the binary readers refill their buffers with: a damaged gzip member or a
/// failing read becomes the project's error, naming the file and the byte offset reached.
/// </summary>
internal static class TraceStreamReads
{
    /// <summary>Reads into <paramref name="buffer"/> from <paramref name="at"/> to its end; 0 at the end of the input.</summary>
    /// <param name="stream">The (possibly decompressing) input.</param>
    /// <param name="buffer">The reader's buffer.</param>
    /// <param name="at">Where in the buffer the bytes go.</param>
    /// <param name="source">The file, for errors.</param>
    /// <param name="position">The input's byte offset of <paramref name="at"/>, for errors.</param>
    /// <exception cref="TraceFormatException">The compressed input is damaged, or the read failed.</exception>
    public static int Read(Stream stream, byte[] buffer, int at, string source, long position)
    {
        try
        {
            return stream.Read(buffer, at, buffer.Length - at);
        }
        catch (InvalidDataException e)
        {
            throw new TraceFormatException(source, TraceLocation.Byte(position), $"the compressed input is damaged: {e.Message}");
        }
        catch (IOException e)
        {
            throw new TraceFormatException(source, TraceLocation.Byte(position), $"read failed: {e.Message}");
        }
    }
}
