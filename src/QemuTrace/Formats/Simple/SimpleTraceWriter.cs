using System.Runtime.CompilerServices;
using System.Text;
using static QemuTrace.Formats.Simple.SimpleTraceLayout;

namespace QemuTrace.Formats.Simple;

/// <summary>
/// Writes simple-backend binary traces (log versions 0, 2, 3, 4) the way QEMU's trace/simple.c lays them out.
/// Used to generate benchmark traces, to write filtered traces, and by the tests to build every case by hand.
/// </summary>
public sealed class SimpleTraceWriter : IDisposable
{
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly byte[] _buffer = new byte[1 << 20];
    private int _length;

    /// <summary>Creates a writer and writes the file header for <paramref name="logVersion"/>.</summary>
    public SimpleTraceWriter(Stream output, int logVersion = 4, bool leaveOpen = false)
    {
        if (logVersion is not (0 or 2 or 3 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(logVersion), "log versions 0, 2, 3 and 4 exist");
        }

        _output = output;
        _leaveOpen = leaveOpen;
        LogVersion = logVersion;
        WriteU64(HeaderEventId);
        WriteU64(Magic);
        WriteU64((ulong)logVersion);
    }

    /// <summary>The log version written in the header.</summary>
    public int LogVersion { get; }

    /// <summary>v4: names an event id (a mapping record); may appear anywhere in the file.</summary>
    public void WriteMapping(ulong id, string name)
    {
        if (LogVersion != 4)
        {
            throw new InvalidOperationException("only log version 4 has mapping records");
        }

        var bytes = Encoding.UTF8.GetBytes(name);
        Reserve(RecordTypeSize + MappingHeaderSize + bytes.Length);
        WriteU64(RecordTypeMapping);
        WriteU64(id);
        WriteU32((uint)bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Writes an event record whose arguments are all integers or pointers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteEvent(ulong id, ulong timestampNs, uint pid, ReadOnlySpan<ulong> arguments)
    {
        if (LogVersion == 0)
        {
            Reserve(Version0RecordSize);
            WriteU64(id);
            WriteU64(timestampNs);
            for (int i = 0; i < 6; i++)
            {
                WriteU64(i < arguments.Length ? arguments[i] : 0);
            }

            return;
        }

        int length = RecordHeaderSize + (8 * arguments.Length);
        Reserve(RecordTypeSize + length);
        if (LogVersion == 4)
        {
            WriteU64(RecordTypeEvent);
        }

        WriteU64(id);
        WriteU64(timestampNs);
        WriteU32((uint)length);
        WriteU32(pid);
        foreach (var a in arguments)
        {
            WriteU64(a);
        }
    }

    /// <summary>Writes an event record with string arguments: each argument is a <see cref="ulong"/> or a <see cref="string"/>.</summary>
    public void WriteEvent(ulong id, ulong timestampNs, uint pid, params object[] arguments)
    {
        var payload = new MemoryStream();
        foreach (var a in arguments)
        {
            switch (a)
            {
                case string s:
                    var bytes = Encoding.UTF8.GetBytes(s);
                    payload.Write(BitConverter.GetBytes((uint)bytes.Length));
                    payload.Write(bytes);
                    break;
                case ulong u:
                    payload.Write(BitConverter.GetBytes(u));
                    break;
                default:
                    throw new ArgumentException($"argument {a} is neither ulong nor string", nameof(arguments));
            }
        }

        WriteEventWithPayload(id, timestampNs, pid, payload.ToArray(), RecordHeaderSize + (int)payload.Length);
    }

    /// <summary>Writes a record with a raw payload and a declared length (which may lie: for testing readers).</summary>
    public void WriteEventWithPayload(ulong id, ulong timestampNs, uint pid, ReadOnlySpan<byte> payload, int declaredLength)
    {
        Reserve(RecordTypeSize + RecordHeaderSize + payload.Length);
        if (LogVersion == 4)
        {
            WriteU64(RecordTypeEvent);
        }

        WriteU64(id);
        WriteU64(timestampNs);
        WriteU32((uint)declaredLength);
        WriteU32(pid);
        payload.CopyTo(_buffer.AsSpan(_length));
        _length += payload.Length;
    }

    /// <summary>Writes a <c>Dropped_Event</c> record carrying the number of events lost.</summary>
    public void WriteDropped(ulong timestampNs, uint pid, ulong count) =>
        WriteEvent(DroppedEventId, timestampNs, pid, [count]);

    /// <summary>Writes bytes as they are (to build damaged files).</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        Flush();
        _output.Write(bytes);
    }

    /// <summary>Writes buffered bytes to the stream.</summary>
    public void Flush()
    {
        _output.Write(_buffer, 0, _length);
        _length = 0;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Flush();
        _output.Flush();
        if (!_leaveOpen)
        {
            _output.Dispose();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Flush();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteU64(ulong value)
    {
        Unsafe.WriteUnaligned(ref _buffer[_length], value);
        _length += 8;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteU32(uint value)
    {
        Unsafe.WriteUnaligned(ref _buffer[_length], value);
        _length += 4;
    }
}
