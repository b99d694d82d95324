using System.Text;
using QemuTrace.Formats;

namespace QemuTrace.Recording;

/// <summary>Splits a command line written as one string into words the way a POSIX shell does for plain words, '...' and "..." quoting and backslash escapes (no expansions).</summary>
public static class QemuCommandLine
{
    /// <summary>The words of <paramref name="text"/>.</summary>
    /// <exception cref="InputException">An unterminated quote.</exception>
    public static IReadOnlyList<string> Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            if (c == '\\' && i + 1 < text.Length)
            {
                word.Append(text[++i]);
            }
            else if (c is '\'' or '"')
            {
                int end = text.IndexOf(c, i + 1);
                if (end < 0)
                {
                    throw new InputException("the QEMU command", $"the {c} quote at character {i + 1} is never closed; close it or quote the argument differently");
                }

                word.Append(c == '"' ? text[(i + 1)..end].Replace("\\\"", "\"", StringComparison.Ordinal) : text[(i + 1)..end]);
                i = end;
            }
            else
            {
                word.Append(c);
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
