using System.Text;
using QemuTrace.Formats;

namespace QemuTrace.Export;

/// <summary>UTF-8 event names and <c>name=</c> argument prefixes per event index, built once per event for the text writers.</summary>
internal sealed class EventTextCache(IRecordTextSource reader, string argumentSeparator)
{
    private byte[][] _names = [];
    private byte[][][] _prefixes = [];
    private bool[] _hasStrings = [];

    /// <summary>The event's name.</summary>
    public byte[] Name(int index)
    {
        Prepare(index);
        return _names[index];
    }

    /// <summary>Each argument's <c>SEPARATORname=</c>.</summary>
    public byte[][] ArgumentPrefixes(int index)
    {
        Prepare(index);
        return _prefixes[index];
    }

    /// <summary>True when the event declares a string argument (prepared by <see cref="Name"/>).</summary>
    public bool HasStrings(int index) => _hasStrings[index];

    private void Prepare(int index)
    {
        if (index < _names.Length && _names[index] is not null)
        {
            return;
        }

        if (index >= _names.Length)
        {
            Array.Resize(ref _names, Math.Max(index + 1, _names.Length * 2));
            Array.Resize(ref _prefixes, _names.Length);
            Array.Resize(ref _hasStrings, _names.Length);
        }

        var info = reader.Events[index];
        _names[index] = Encoding.UTF8.GetBytes(Printable(info.Name));
        _prefixes[index] = info.ArgumentNames.Select(n => Encoding.UTF8.GetBytes($"{argumentSeparator}{Printable(n)}=")).ToArray();
        _hasStrings[index] = info.ArgumentIsString.Any(s => s);
    }

    /// <summary>
    /// A name with control characters escaped (<c>\n</c>, <c>\t</c>, <c>\xHH</c>): a name read from a corrupt or hostile
    /// trace must not split a line of the output. Names QEMU writes have none, so they print unchanged.
    /// </summary>
    internal static string Printable(string name)
    {
        if (!name.Any(char.IsControl))
        {
            return name;
        }

        var escaped = new StringBuilder(name.Length + 8);
        foreach (char c in name)
        {
            escaped.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
