namespace QemuTrace.Interactive;

/// <summary>A <c>#!trace</c> command used the wrong way; the message says what to do and becomes the CommandFailed message.</summary>
public sealed class TraceCommandException(string message) : Exception(message);
