namespace QemuTrace.Formats;

/// <summary>One argument of a trace event declaration, as tracetool splits it: a C type and a name.</summary>
/// <param name="Type">The C type, e.g. <c>void *</c> or <c>uintptr_t</c>.</param>
/// <param name="Name">The argument name, e.g. <c>pc</c>.</param>
public sealed record TraceEventArgument(string Type, string Name)
{
    /// <summary>
    /// True when the simple backend writes this argument as a string (u32 length + bytes):
    /// tracetool's <c>is_string</c>, a type starting with <c>char*</c>/<c>const char *</c> with exactly one '*'.
    /// </summary>
    public bool IsString
    {
        get
        {
            var t = Type.TrimStart();
            bool startsAsString = t.StartsWith("const char*", StringComparison.Ordinal)
                || t.StartsWith("char*", StringComparison.Ordinal)
                || t.StartsWith("const char *", StringComparison.Ordinal)
                || t.StartsWith("char *", StringComparison.Ordinal);
            return startsAsString && t.Count(c => c == '*') == 1;
        }
    }
}
