namespace QemuTrace.Formats.Text;

/// <summary>Span parsers for the numbers text traces print.</summary>
internal static class TextValueParser
{
    /// <summary>Parses hex digits (an optional 0x prefix allowed); false on anything else or overflow.</summary>
    public static bool TryParseHex(ReadOnlySpan<byte> s, out ulong value)
    {
        value = 0;
        if (s.Length > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        {
            s = s[2..];
        }

        if (s.Length == 0 || s.Length > 16)
        {
            return false;
        }

        foreach (var b in s)
        {
            int d = HexDigit(b);
            if (d < 0)
            {
                return false;
            }

            value = (value << 4) | (uint)d;
        }

        return true;
    }

    /// <summary>Value of a hex digit, or -1.</summary>
    public static int HexDigit(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>Parses unsigned decimal digits; false on anything else or overflow.</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> s, out ulong value)
    {
        value = 0;
        if (s.Length == 0 || s.Length > 20)
        {
            return false;
        }

        foreach (var b in s)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            ulong next = unchecked((value * 10) + (ulong)(b - '0'));
            if (next / 10 != value)
            {
                return false;
            }

            value = next;
        }

        return true;
    }

    /// <summary>
    /// Parses a decimal with an optional sign and fraction (<c>-12.345</c>) into an integer count of
    /// 10^-<paramref name="scaleDigits"/> units; extra fraction digits are rejected rather than rounded.
    /// </summary>
    public static bool TryParseScaled(ReadOnlySpan<byte> s, int scaleDigits, out long value)
    {
        value = 0;
        bool negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        int dot = s.IndexOf((byte)'.');
        var whole = dot < 0 ? s : s[..dot];
        var fraction = dot < 0 ? [] : s[(dot + 1)..];
        if (fraction.Length > scaleDigits || (whole.Length == 0 && fraction.Length == 0))
        {
            return false;
        }

        ulong w = 0;
        if (whole.Length > 0 && !TryParseDecimal(whole, out w))
        {
            return false;
        }

        ulong f = 0;
        if (fraction.Length > 0 && !TryParseDecimal(fraction, out f))
        {
            return false;
        }

        for (int i = fraction.Length; i < scaleDigits; i++)
        {
            f *= 10;
        }

        ulong scale = 1;
        for (int i = 0; i < scaleDigits; i++)
        {
            scale *= 10;
        }

        if (w > (ulong)long.MaxValue / scale)
        {
            return false;
        }

        long magnitude = (long)((w * scale) + f);
        value = negative ? -magnitude : magnitude;
        return true;
    }
}
