using System.Text.Json;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using QemuTrace.Formats;

namespace QemuTrace.Notebooks;

/// <summary>
/// The minimum a .ipynb must be before the document loader is trusted with it (nbformat 4): JSON, an object, a
/// <c>cells</c> array of objects each with a <c>cell_type</c> string. Anything else is one error naming the file and place,
/// instead of a JsonException or a run of zero cells that reports success.
/// </summary>
public static class JupyterShape
{
    /// <summary>Throws a <see cref="TraceFormatException"/> naming <paramref name="path"/> when <paramref name="bytes"/> is not an nbformat-4 notebook.</summary>
    public static void Check(string path, byte[] bytes)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new TraceFormatException(path, TraceLocation.Line((e.LineNumber ?? 0) + 1),
                bytes.Length == 0
                    ? "the file is empty; expected a Jupyter notebook (JSON with a \"cells\" list)"
                    : $"not valid JSON (byte {(e.BytePositionInLine ?? 0) + 1} of the line): expected a Jupyter notebook; open it in Jupyter or VS Code to see what is wrong");
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("cells", out var cells))
            {
                throw new TraceFormatException(path, null, $"expected a Jupyter notebook: a JSON object with a \"cells\" list, found {Describe(root)}{(root.ValueKind == JsonValueKind.Object ? " without \"cells\"" : "")}");
            }

            if (cells.ValueKind != JsonValueKind.Array)
            {
                throw new TraceFormatException(path, null, $"\"cells\" is {Describe(cells)}, expected a list of cells (nbformat 4)");
            }

            int index = 0;
            foreach (var cell in cells.EnumerateArray())
            {
                index++;
                if (cell.ValueKind != JsonValueKind.Object || !cell.TryGetProperty("cell_type", out var type) || type.ValueKind != JsonValueKind.String)
                {
                    throw new TraceFormatException(path, null, $"cell {index} is {Describe(cell)}, expected an object with a \"cell_type\" (nbformat 4)");
                }
            }
        }
    }

    /// <summary>Checks, then parses a .ipynb; whatever the document parser throws on a shaped but wrong notebook becomes one error naming the file.</summary>
    public static InteractiveDocument Parse(string path, byte[] bytes)
    {
        Check(path, bytes);
        try
        {
            return Notebook.Parse(System.Text.Encoding.UTF8.GetString(bytes), NotebookRunner.KernelInfos());
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            throw new TraceFormatException(path, null, $"not a notebook this runner reads ({e.Message.ReplaceLineEndings(" ")}); open and save it in Jupyter or VS Code");
        }
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
