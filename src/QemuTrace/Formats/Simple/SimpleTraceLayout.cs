namespace QemuTrace.Formats.Simple;

/// <summary>
/// Field layout of QEMU's simple trace backend (trace/simple.c, scripts/simpletrace.py), in host byte order.
/// </summary>
internal static class SimpleTraceLayout
{
    /// <summary>File header: u64 header event id, u64 magic, u64 log version.</summary>
    public const int FileHeaderSize = 24;

    /// <summary>The event id field of the file header.</summary>
    public const ulong HeaderEventId = 0xFFFF_FFFF_FFFF_FFFF;

    /// <summary>The magic field of the file header.</summary>
    public const ulong Magic = 0xF2B1_77CB_0AA4_29B4;

    /// <summary>The magic as read on the other byte order: a trace written by a big-endian host.</summary>
    public const ulong MagicSwapped = 0xB429_A40A_CB77_B1F2;

    /// <summary>Event id of the records the writer emits when its buffer overflowed.</summary>
    public const ulong DroppedEventId = 0xFFFF_FFFF_FFFF_FFFE;

    /// <summary>v4: every item starts with a u64 record type.</summary>
    public const int RecordTypeSize = 8;

    /// <summary>v4 record type of a mapping (u64 event id, u32 name length, name bytes).</summary>
    public const ulong RecordTypeMapping = 0;

    /// <summary>v4 record type of an event record.</summary>
    public const ulong RecordTypeEvent = 1;

    /// <summary>Event record header: u64 event id, u64 timestamp ns, u32 length (header included), u32 pid.</summary>
    public const int RecordHeaderSize = 24;

    /// <summary>Offset of the timestamp in a record header.</summary>
    public const int TimestampOffset = 8;

    /// <summary>Offset of the length in a record header.</summary>
    public const int LengthOffset = 16;

    /// <summary>Offset of the pid in a record header.</summary>
    public const int PidOffset = 20;

    /// <summary>v0: fixed records of 8 u64 (event, timestamp, 6 arguments).</summary>
    public const int Version0RecordSize = 64;

    /// <summary>v4 mapping header after the record type: u64 event id, u32 name length.</summary>
    public const int MappingHeaderSize = 12;

    /// <summary>Longest record accepted; QEMU's writer caps records far below this.</summary>
    public const int MaxRecordLength = 1 << 20;
}
