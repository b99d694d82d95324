using System.Text.RegularExpressions;

namespace QemuTrace.Formats;

/// <summary>
/// A parsed trace-events file (QEMU's <c>trace-events-all</c> or any subset), following tracetool's grammar.
/// Event ids of simple-trace log versions 2 and 3 are indexes into <see cref="Events"/>.
/// </summary>
public sealed partial class TraceEventsFile
{
    private readonly Dictionary<string, TraceEventDeclaration> _byName = new(StringComparer.Ordinal);

    private TraceEventsFile(string source, IReadOnlyList<TraceEventDeclaration> events)
    {
        Source = source;
        Events = events;
        foreach (var e in events)
        {
            _byName.TryAdd(e.Name, e);
        }
    }

    /// <summary>Where the declarations came from (a path, or "built-in").</summary>
    public string Source { get; }

    /// <summary>Declarations in file order.</summary>
    public IReadOnlyList<TraceEventDeclaration> Events { get; }

    /// <summary>Finds a declaration by event name.</summary>
    public bool TryGet(string name, out TraceEventDeclaration declaration) =>
        _byName.TryGetValue(name, out declaration!);

    /// <summary>
    /// The three TCG execution events as QEMU 7.2 declares them in accel/tcg/trace-events; used when no
    /// trace-events file is given.
    /// </summary>
    public static TraceEventsFile BuiltIn { get; } = Parse(
        "built-in exec_tb declarations (QEMU 7.2 accel/tcg/trace-events)",
        """
        exec_tb(void *tb, uintptr_t pc) "tb:%p pc=0x%"PRIxPTR
        exec_tb_nocache(void *tb, uintptr_t pc) "tb:%p pc=0x%"PRIxPTR
        exec_tb_exit(void *last_tb, unsigned int flags) "tb:%p flags=0x%x"

        """);

    /// <summary>Reads and parses a trace-events file.</summary>
    /// <exception cref="TraceFormatException">A line does not follow the grammar.</exception>
    public static TraceEventsFile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TraceFormatException(path, null, $"cannot read the trace-events file: {e.Message}");
        }

        return Parse(path, text);
    }

    /// <summary>Parses trace-events text; <paramref name="source"/> names it in errors.</summary>
    public static TraceEventsFile Parse(string source, string text)
    {
        var events = new List<TraceEventDeclaration>();
        int lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            events.Add(ParseLine(source, line, lineNumber));
        }

        return new TraceEventsFile(source, events);
    }

    private static TraceEventDeclaration ParseLine(string source, string line, int lineNumber)
    {
        var m = DeclarationPattern().Match(line);
        if (!m.Success)
        {
            throw new TraceFormatException(source, TraceLocation.Line(lineNumber),
                $"expected a trace event declaration `[props] name(type arg, ...) \"format\"`, found `{Shorten(line)}`; is this a QEMU trace-events file?");
        }

        var props = m.Groups["props"].Success
            ? m.Groups["props"].Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            : [];
        var args = new List<TraceEventArgument>();
        if (props.Contains("vcpu"))
        {
            // tracetool's vcpu transform adds an implicit first argument carrying the CPU pointer.
            args.Add(new TraceEventArgument("void *", "__cpu"));
        }

        foreach (var piece in m.Groups["args"].Value.Split(','))
        {
            var arg = piece.Trim();
            if (arg == "void")
            {
                continue;
            }

            if (arg.Length == 0)
            {
                throw new TraceFormatException(source, TraceLocation.Line(lineNumber),
                    $"event {m.Groups["name"].Value} has an empty argument; write `void` for an event without arguments");
            }

            int star = arg.LastIndexOf('*');
            if (star >= 0)
            {
                args.Add(new TraceEventArgument(arg[..(star + 1)], arg[(star + 1)..].Trim()));
                continue;
            }

            int space = arg.LastIndexOfAny([' ', '\t']);
            if (space < 0)
            {
                throw new TraceFormatException(source, TraceLocation.Line(lineNumber),
                    $"argument `{arg}` of event {m.Groups["name"].Value} has no type; expected `type name`");
            }

            args.Add(new TraceEventArgument(arg[..space].TrimEnd(), arg[(space + 1)..]));
        }

        var format = m.Groups["fmt"].Success ? m.Groups["fmt"].Value.Trim() : "";
        if (props.Contains("vcpu"))
        {
            // tracetool's vcpu transform prints the implicit CPU argument first.
            format = "\"cpu=%p \"" + format;
        }

        return new TraceEventDeclaration(m.Groups["name"].Value, props, args, format, lineNumber);
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..77] + "...";

    // tracetool's Event._CRE: optional props, a name, the argument list, an optional format
    // (optionally preceded by a translation-time format and a comma).
    [GeneratedRegex("""^((?<props>[\w\s]+)\s+)?(?<name>\w+)\((?<args>[^)]*)\)\s*(?:(?:(?<fmttrans>".+),)?\s*(?<fmt>".+))?\s*$""")]
    private static partial Regex DeclarationPattern();
}
