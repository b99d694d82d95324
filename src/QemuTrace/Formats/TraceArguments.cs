using System.Runtime.CompilerServices;

namespace QemuTrace.Formats;

/// <summary>
/// A record's argument values stored inline (no allocation per record). Integers and pointers are the u64 the
/// backend wrote; a string argument holds a handle the reader resolves with <c>GetString</c>.
/// </summary>
[InlineArray(MaxCount)]
public struct TraceArguments
{
    /// <summary>Most arguments a record can carry; QEMU's simple backend allows no more than this.</summary>
    public const int MaxCount = 10;

    private ulong _first;
}
