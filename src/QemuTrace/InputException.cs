namespace QemuTrace;

/// <summary>
/// A value the user gave that cannot be used: an option (<c>--bin-ms</c>, <c>--top</c>, <c>--function</c>...) or a file
/// named on the command line, as opposed to a trace or symbol file whose bytes are wrong
/// (<see cref="Formats.TraceFormatException"/>). The message is <c>INPUT: DETAIL</c>, where the detail says what was
/// expected and what to do; the CLI prints it as <c>qtrace: error: ...</c>, <c>#!trace</c> as the cell's error.
/// </summary>
public sealed class InputException : Exception
{
    /// <summary>Creates the exception; the message is composed as <c>INPUT: DETAIL</c>.</summary>
    public InputException(string input, string detail)
        : base($"{input}: {detail}")
    {
        Input = input;
        Detail = detail;
    }

    /// <summary>The option (as the front end spells it) or file the value came from.</summary>
    public string Input { get; }

    /// <summary>What was wrong and what to do, without <see cref="Input"/>: the same for every front end.</summary>
    public string Detail { get; }
}
