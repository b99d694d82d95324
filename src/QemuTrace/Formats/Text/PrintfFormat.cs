using System.Text;

namespace QemuTrace.Formats.Text;

/// <summary>
/// A trace-events printf format compiled into literal pieces and conversions, used to parse log-backend lines
/// back into argument values. Handles C string concatenation and the inttypes.h macros (<c>PRIx64</c>, <c>PRIxPTR</c>, ...).
/// </summary>
internal sealed class PrintfFormat
{
    private PrintfFormat(byte[][] literals, char[] conversions)
    {
        Literals = literals;
        Conversions = conversions;
    }

    /// <summary>Literal text before each conversion, plus the trailing literal: Conversions.Length + 1 entries.</summary>
    public byte[][] Literals { get; }

    /// <summary>Conversion letters (d, i, u, x, X, o, p, s, c, f, ...) in order.</summary>
    public char[] Conversions { get; }

    /// <summary>Compiles a format as written in a trace-events file, e.g. <c>"tb:%p pc=0x%"PRIxPTR</c>.</summary>
    public static PrintfFormat Compile(string written)
    {
        var text = Concatenate(written);
        var literals = new List<byte[]>();
        var conversions = new List<char>();
        var literal = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '%')
            {
                literal.Append(c);
                continue;
            }

            if (i + 1 < text.Length && text[i + 1] == '%')
            {
                literal.Append('%');
                i++;
                continue;
            }

            int j = i + 1;
            while (j < text.Length && "-+ #0123456789.*hljztLq".Contains(text[j]))
            {
                j++;
            }

            if (j >= text.Length)
            {
                literal.Append(text, i, text.Length - i);
                break;
            }

            literals.Add(Encoding.UTF8.GetBytes(literal.ToString()));
            literal.Clear();
            conversions.Add(text[j]);
            i = j;
        }

        literals.Add(Encoding.UTF8.GetBytes(literal.ToString()));
        return new PrintfFormat(literals.ToArray(), conversions.ToArray());
    }

    /// <summary>Joins the quoted pieces and expands PRI macros to their conversion letters.</summary>
    private static string Concatenate(string written)
    {
        var sb = new StringBuilder();
        int i = 0;
        while (i < written.Length)
        {
            char c = written[i];
            if (c == '"')
            {
                i++;
                while (i < written.Length && written[i] != '"')
                {
                    if (written[i] == '\\' && i + 1 < written.Length)
                    {
                        sb.Append(written[i + 1] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var x => x });
                        i += 2;
                        continue;
                    }

                    sb.Append(written[i]);
                    i++;
                }

                i++;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                int start = i;
                while (i < written.Length && (char.IsLetterOrDigit(written[i]) || written[i] == '_'))
                {
                    i++;
                }

                var macro = written[start..i];
                if (macro.StartsWith("PRI", StringComparison.Ordinal) && macro.Length >= 4)
                {
                    // PRIx64 -> "lx", PRIuPTR -> "lu": only the conversion letter matters for parsing.
                    sb.Append('l').Append(macro[3]);
                }
            }
            else
            {
                i++;
            }
        }

        return sb.ToString();
    }
}
