namespace QemuTrace.Formats;

/// <summary>
/// Input that is not what it should be. The message names the file, the place, what was expected and what to do;
/// front ends print <see cref="Exception.Message"/> as is.
/// </summary>
public sealed class TraceFormatException : Exception
{
    /// <summary>Creates the exception; the message is composed as <c>FILE: PLACE: DETAIL</c>.</summary>
    public TraceFormatException(string file, TraceLocation? location, string detail)
        : base(location is null ? $"{file}: {detail}" : $"{file}: {location}: {detail}")
    {
        File = file;
        Location = location;
        Detail = detail;
    }

    /// <summary>The input's path or name.</summary>
    public string File { get; }

    /// <summary>Where in the input, when known.</summary>
    public TraceLocation? Location { get; }

    /// <summary>What was wrong and what to do, without the file and place.</summary>
    public string Detail { get; }
}
