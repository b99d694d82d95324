namespace QemuTrace.Formats;

/// <summary>
/// One line of a QEMU trace-events file: <c>[props] name(type arg, ...) "printf format"</c>.
/// </summary>
/// <param name="Name">Event name, e.g. <c>exec_tb</c>.</param>
/// <param name="Properties">Properties before the name (<c>disable</c>, <c>vcpu</c>, <c>tcg</c>, ...).</param>
/// <param name="Arguments">Arguments in declaration order, including the implicit <c>__cpu</c> of <c>vcpu</c> events.</param>
/// <param name="Format">The printf format as written, quotes and PRI macros included.</param>
/// <param name="LineNumber">1-based line in the file it came from (0 for built-in declarations).</param>
public sealed record TraceEventDeclaration(
    string Name,
    IReadOnlyList<string> Properties,
    IReadOnlyList<TraceEventArgument> Arguments,
    string Format,
    int LineNumber)
{
    /// <summary>The pseudo-event QEMU's simple backend writes when its buffer overflowed.</summary>
    public static TraceEventDeclaration DroppedEvent { get; } = new(
        "Dropped_Event", [], [new TraceEventArgument("uint64_t", "num_events_dropped")], "", 0);
}
