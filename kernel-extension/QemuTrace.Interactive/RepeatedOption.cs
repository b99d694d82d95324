using System.Text.Json;
using Microsoft.DotNet.Interactive.Commands;

namespace QemuTrace.Interactive;

/// <summary>
/// Every value of an option given more than once (<c>--y a --y b</c>). The host's directive binder
/// (Microsoft.DotNet.Interactive 1.0.0-beta.26120.1, <c>DirectiveNode.GetParameterValues</c>) binds an option given once
/// and silently drops one given several times, so the values are read from the submitted line itself.
/// </summary>
internal static class RepeatedOption
{
    /// <summary>
    /// The values of <paramref name="option"/> on the <c>#!trace <paramref name="subcommand"/></c> line that produced
    /// <paramref name="command"/> (the first such line holding every value in <paramref name="alsoOnLine"/>); the bound
    /// value when the command did not come from submitted code.
    /// </summary>
    public static IReadOnlyList<string> Values(KernelCommand command, JsonElement? bound, string subcommand, string option, params string?[] alsoOnLine)
    {
        if (SubmittedCode(command) is not { } code)
        {
            return DirectiveValues.Strings(bound);
        }

        foreach (var raw in code.Split('\n'))
        {
            if (DirectiveChecker.Tokenize(raw.Trim()) is not { Count: > 1 } tokens || tokens[0] != TraceDirective.Name || tokens[1] != subcommand)
            {
                continue;
            }

            var unquoted = tokens.Select(Unquote).ToList();
            if (alsoOnLine.Any(value => value is not null && !unquoted.Contains(value)))
            {
                continue;
            }

            var values = new List<string>();
            for (int i = 2; i + 1 < tokens.Count; i++)
            {
                if (tokens[i] == option)
                {
                    values.Add(unquoted[++i]);
                }
            }

            return values;
        }

        return DirectiveValues.Strings(bound);
    }

    private static string Unquote(string token) =>
        token.Length >= 2 && token[0] == '"' && token[^1] == '"' ? token[1..^1] : token;

    private static string? SubmittedCode(KernelCommand command)
    {
        for (var parent = command.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is SubmitCode submit)
            {
                return submit.Code;
            }
        }

        return null;
    }
}
