using System.Globalization;
using Microsoft.DotNet.Interactive.Directives;

namespace QemuTrace.Interactive;

/// <summary>
/// Checks each <c>#!trace</c> line of a submission against the directive's own subcommands and parameters before the
/// host parses it, so a typo (<c>#!trace profiel</c>, <c>--bogus-option 7</c>), a bad number (<c>--top -5</c>,
/// <c>--top lots</c>) or an unquoted path with spaces is an error in the cell with a suggestion, not a silent default.
/// </summary>
internal static class DirectiveChecker
{
    /// <summary>
    /// Options bound as text (so a bad value reaches this check) that must be positive whole numbers; a table's
    /// <c>--top</c> follows the core's <see cref="QemuTrace.Session.RowCount"/> instead (0: all rows), a chart's stays positive.
    /// </summary>
    private static readonly HashSet<string> NumericOptions = ["--top"];

    /// <summary>The first problem in <paramref name="code"/>'s <c>#!trace</c> lines, as a one-line message; null when there is none.</summary>
    public static string? Problem(string code, KernelActionDirective root)
    {
        foreach (var raw in code.Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith(root.Name, StringComparison.Ordinal) || (line.Length > root.Name.Length && !char.IsWhiteSpace(line[root.Name.Length])))
            {
                continue;
            }

            if (Tokenize(line) is not { } tokens)
            {
                return $"unbalanced quote in `{line}`: close the \" around the value";
            }

            if (Check(tokens, root) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? Check(List<string> tokens, KernelActionDirective root)
    {
        if (tokens.Count == 1 || tokens[1] == "--help")
        {
            return tokens.Count <= 2 ? null : $"unexpected `{tokens[2]}` after --help";
        }

        var sub = root.Subcommands.FirstOrDefault(s => s.Name == tokens[1]);
        if (sub is null)
        {
            return $"unknown subcommand `{tokens[1]}`{Suggest(tokens[1], root.Subcommands.Select(s => s.Name))}; `#!trace --help` lists them";
        }

        var positional = sub.Parameters.Where(p => p.AllowImplicitName).ToList();
        int filled = 0;
        for (int i = 2; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.StartsWith("--", StringComparison.Ordinal))
            {
                var parameter = sub.Parameters.FirstOrDefault(p => p.Name == token);
                if (parameter is null)
                {
                    return $"{sub.Name}: unknown option `{token}`{Suggest(token, sub.Parameters.Select(p => p.Name))}; `#!trace {sub.Name} --help` lists its options";
                }

                if (parameter.Flag)
                {
                    continue;
                }

                if (i + 1 >= tokens.Count)
                {
                    return $"{sub.Name}: {token} needs a value";
                }

                var value = tokens[++i];
                if (parameter.Name == "--top" && sub.Name != "chart")
                {
                    // Rows of a table: the core's rule, as the CLI applies it (0: all rows).
                    try
                    {
                        QemuTrace.Session.RowCount.Parse(value, token);
                    }
                    catch (InputException e)
                    {
                        return e.Message;
                    }
                }
                else if ((parameter.TypeHint == "number" || NumericOptions.Contains(parameter.Name)) && !(long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long number) && number > 0))
                {
                    return $"{sub.Name}: {token} takes a positive whole number, not `{value}` (e.g. {token} 10)";
                }

                positional.Remove(parameter);
            }
            else if (filled < positional.Count)
            {
                filled++;
            }
            else
            {
                return $"{sub.Name}: unexpected `{token}`; put a value that contains spaces in double quotes (\"my folder/trace.bin\")";
            }
        }

        return null;
    }

    /// <summary>Splits on whitespace, keeping "double quoted" runs (quotes kept, as the host sees them); null on an unclosed quote.</summary>
    internal static List<string>? Tokenize(string line)
    {
        var tokens = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
                current.Append(c);
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (current.Length > 0)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                }
            }
            else
            {
                current.Append(c);
            }
        }

        if (quoted)
        {
            return null;
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }

    /// <summary>"; did you mean X?" for the closest of <paramref name="names"/> (edit distance at most 2, or a prefix), else "".</summary>
    internal static string Suggest(string typed, IEnumerable<string> names)
    {
        var best = names
            .Select(n => (Name: n, Distance: n.StartsWith(typed, StringComparison.OrdinalIgnoreCase) && typed.Length >= 3 ? 1 : Distance(typed, n)))
            .Where(x => x.Distance <= 2)
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Name is null ? "" : $"; did you mean `{best.Name}`?";
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
