using System.Text.Json;

namespace QemuTrace.Interactive;

/// <summary>Values of repeatable directive options: one occurrence binds as a JSON string, several as an array.</summary>
internal static class DirectiveValues
{
    public static IReadOnlyList<string> Strings(JsonElement? value)
    {
        if (value is not { } element)
        {
            return [];
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => [element.GetString() ?? ""],
            JsonValueKind.Array => element.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : e.ToString()).ToList(),
            JsonValueKind.Null or JsonValueKind.Undefined => [],
            _ => [element.ToString()],
        };
    }
}
