namespace QemuTrace.Symbols;

/// <summary>
/// gdb's print name for a C minimal symbol. gdb offers every linkage name to its language sniffers; Ada's is last and
/// claims any name its GNAT decoder (<c>ada_decode</c>, ada-lang.c, gdb 13) changes without giving up, so gdb prints
/// kernel names decoded: <c>foo.constprop.0</c> as <c>foo.constprop</c>, <c>foo.cold</c> as <c>foo[cold]</c>,
/// <c>tmp.3</c> as <c>tmp</c>, <c>types__flock</c> as <c>types.flock</c>. This is a port of that decoder.
/// </summary>
internal static class GdbAdaDecoder
{
    private static readonly (string Encoded, string Decoded)[] Operators =
    [
        ("Oabs", "\"abs\""), ("Oand", "\"and\""), ("Omod", "\"mod\""), ("Orem", "\"rem\""), ("Oor", "\"or\""),
        ("Oxor", "\"xor\""), ("Oeq", "\"=\""), ("One", "\"/=\""), ("Olt", "\"<\""), ("Ole", "\"<=\""),
        ("Ogt", "\">\""), ("Oge", "\">=\""), ("Oadd", "\"+\""), ("Osubtract", "\"-\""), ("Oconcat", "\"&\""),
        ("Omultiply", "\"*\""), ("Odivide", "\"/\""), ("Oexpon", "\"**\""), ("Onot", "\"not\""),
    ];

    /// <summary>The name gdb prints for a minimal symbol named <paramref name="linkageName"/>.</summary>
    public static string PrintName(string linkageName)
    {
        var decoded = Decode(linkageName);
        return decoded is not null && decoded != linkageName ? decoded : linkageName;
    }

    /// <summary>ada_decode without wrapping: the decoded name, or null where gdb gives up ("Suppress").</summary>
    internal static string? Decode(string name)
    {
        string encoded = name;
        if (encoded.StartsWith('.'))
        {
            encoded = encoded[1..];
        }

        if (encoded.StartsWith("_ada_", StringComparison.Ordinal))
        {
            encoded = encoded[5..];
        }

        if (encoded.StartsWith("___ghost_", StringComparison.Ordinal))
        {
            encoded = encoded[9..];
        }

        if (encoded.Length == 0 || encoded[0] == '_' || encoded[0] == '<')
        {
            return null;
        }

        char At(int i) => i >= 0 && i < encoded.Length ? encoded[i] : '\0';
        int len0 = encoded.Length;

        // remove_compiler_suffix: a trailing `.alpha` (e.g. `.cold`) is shown as `[alpha]`.
        int suffix = -1;
        {
            int offset = len0 - 1;
            while (offset > 0 && IsAlpha(At(offset)))
            {
                offset--;
            }

            if (offset > 0 && At(offset) == '.')
            {
                len0 = offset;
                suffix = offset + 1;
            }
        }

        // ada_remove_trailing_digits
        if (len0 > 1 && IsDigit(At(len0 - 1)))
        {
            int i = len0 - 2;
            while (i > 0 && IsDigit(At(i)))
            {
                i--;
            }

            if (i >= 0 && At(i) == '.')
            {
                len0 = i;
            }
            else if (i >= 0 && At(i) == '$')
            {
                len0 = i;
            }
            else if (i >= 2 && string.CompareOrdinal(encoded, i - 2, "___", 0, 3) == 0)
            {
                len0 = i - 2;
            }
            else if (i >= 1 && string.CompareOrdinal(encoded, i - 1, "__", 0, 2) == 0)
            {
                len0 = i - 1;
            }
        }

        // ada_remove_po_subprogram_suffix
        if (len0 > 1 && At(len0 - 1) == 'N' && (IsDigit(At(len0 - 2)) || IsLower(At(len0 - 2))))
        {
            len0--;
        }

        int p = encoded.IndexOf("___", StringComparison.Ordinal);
        if (p >= 0 && p < len0 - 3)
        {
            if (At(p + 3) == 'X')
            {
                len0 = p;
            }
            else
            {
                return null;
            }
        }

        if (len0 > 3 && string.CompareOrdinal(encoded, len0 - 3, "TKB", 0, 3) == 0)
        {
            len0 -= 3;
        }

        if (len0 > 2 && string.CompareOrdinal(encoded, len0 - 2, "TB", 0, 2) == 0)
        {
            len0 -= 2;
        }

        if (len0 > 1 && At(len0 - 1) == 'B')
        {
            len0--;
        }

        if (len0 > 1 && IsDigit(At(len0 - 1)))
        {
            int i = len0 - 2;
            while ((i >= 0 && IsDigit(At(i))) || (i >= 1 && At(i) == '_' && IsDigit(At(i - 1))))
            {
                i--;
            }

            if (i > 1 && At(i) == '_' && At(i - 1) == '_')
            {
                len0 = i - 1;
            }
            else if (At(i) == '$')
            {
                len0 = i;
            }
        }

        var decoded = new System.Text.StringBuilder(len0 + 8);
        int k0 = 0;
        for (; k0 < len0 && !IsAlpha(At(k0)); k0++)
        {
            decoded.Append(At(k0));
        }

        int pos = k0;
        bool atStartName = true;
        while (pos < len0)
        {
            if (atStartName && At(pos) == 'O')
            {
                bool matched = false;
                foreach (var (op, text) in Operators)
                {
                    int opLen = op.Length;
                    if (pos + opLen <= encoded.Length && string.CompareOrdinal(encoded, pos + 1, op, 1, opLen - 1) == 0 && !IsAlnum(At(pos + opLen)))
                    {
                        decoded.Append(text);
                        atStartName = false;
                        pos += opLen;
                        matched = true;
                        break;
                    }
                }

                if (matched)
                {
                    continue;
                }
            }

            atStartName = false;
            if (pos < len0 - 4 && string.CompareOrdinal(encoded, pos, "TK__", 0, 4) == 0)
            {
                pos += 2;
            }

            if (len0 - pos > 5 && At(pos) == '_' && At(pos + 1) == '_' && At(pos + 2) == 'B' && At(pos + 3) == '_' && IsDigit(At(pos + 4)))
            {
                int k = pos + 5;
                while (k < len0 && IsDigit(At(k)))
                {
                    k++;
                }

                if (len0 - k > 2 && At(k) == '_' && At(k + 1) == '_')
                {
                    pos = k;
                }
            }

            if (len0 - pos > 3 && At(pos) == '_' && At(pos + 1) == 'E' && IsDigit(At(pos + 2)))
            {
                int k = pos + 3;
                while (k < len0 && IsDigit(At(k)))
                {
                    k++;
                }

                if (k < len0 && (At(k) == 'b' || At(k) == 's'))
                {
                    k++;
                    if (k == len0 || (k < len0 && At(k) == '_'))
                    {
                        pos = k;
                    }
                }
            }

            if (pos < len0 + 3 && At(pos) == 'N' && At(pos + 1) == '_' && At(pos + 2) == '_')
            {
                int ptr = pos - 1;
                while (ptr >= 0 && (IsLower(At(ptr)) || IsDigit(At(ptr))))
                {
                    ptr--;
                }

                if (ptr < 0 || (ptr > 0 && At(ptr) == '_' && At(ptr - 1) == '_'))
                {
                    pos++;
                }
            }

            if (At(pos) == 'X' && pos != 0 && IsAlnum(At(pos - 1)))
            {
                do
                {
                    pos++;
                }
                while (pos < len0 && (At(pos) == 'b' || At(pos) == 'n'));

                if (pos < len0)
                {
                    return null;
                }
            }
            else if (pos < len0 - 2 && At(pos) == '_' && At(pos + 1) == '_')
            {
                decoded.Append('.');
                atStartName = true;
                pos += 2;
            }
            else
            {
                decoded.Append(At(pos));
                pos++;
            }
        }

        for (int i = 0; i < decoded.Length; i++)
        {
            if (IsUpper(decoded[i]) || decoded[i] == ' ')
            {
                return null;
            }
        }

        if (suffix >= 0)
        {
            decoded.Append('[').Append(encoded, suffix, encoded.Length - suffix).Append(']');
        }

        return decoded.ToString();
    }

    private static bool IsAlpha(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsLower(char c) => c is >= 'a' and <= 'z';

    private static bool IsUpper(char c) => c is >= 'A' and <= 'Z';

    private static bool IsAlnum(char c) => IsAlpha(c) || IsDigit(c);
}
