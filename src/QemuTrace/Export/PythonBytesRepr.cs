namespace QemuTrace.Export;

/// <summary>Python 3's <c>repr(bytes)</c>, which simpletrace.py prints for string arguments (<c>b'text'</c>).</summary>
internal static class PythonBytesRepr
{
    private static readonly byte[] Hex = "0123456789abcdef"u8.ToArray();

    public static void Append(Utf8LineBuffer output, ReadOnlySpan<byte> value)
    {
        // CPython picks double quotes only when the value holds a single quote and no double quote.
        byte quote = value.Contains((byte)'\'') && !value.Contains((byte)'"') ? (byte)'"' : (byte)'\'';
        output.Append((byte)'b');
        output.Append(quote);
        foreach (var b in value)
        {
            if (b == quote || b == '\\')
            {
                output.Append((byte)'\\');
                output.Append(b);
            }
            else if (b == '\t')
            {
                output.Append("\\t"u8);
            }
            else if (b == '\n')
            {
                output.Append("\\n"u8);
            }
            else if (b == '\r')
            {
                output.Append("\\r"u8);
            }
            else if (b < 0x20 || b >= 0x7f)
            {
                output.Append("\\x"u8);
                output.Append(Hex[b >> 4]);
                output.Append(Hex[b & 0xf]);
            }
            else
            {
                output.Append(b);
            }
        }

        output.Append(quote);
    }
}
