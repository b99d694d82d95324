namespace QemuTrace.Fuzz;

/// <summary>A parser under fuzzing: real seed inputs from data/ and the call that parses one input to the end.</summary>
/// <param name="Name">Short name (simple, log, simpletrace, trace-events, system-map, kallsyms, elf, ipynb).</param>
/// <param name="Seeds">Real inputs the mutations start from.</param>
/// <param name="Parse">Parses an input completely; a user error must surface as <see cref="QemuTrace.Formats.TraceFormatException"/>.</param>
public sealed record FuzzTarget(string Name, IReadOnlyList<byte[]> Seeds, Action<byte[]> Parse);
