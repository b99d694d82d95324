using System.Text;
using QemuTrace.Formats;

namespace QemuTrace.Export;

/// <summary>UTF-8 event names and <c>name=</c> argument prefixes per event index, built once per event for the text writers.</summary>
internal sealed class EventTextCache(ITraceReader reader, string argumentSeparator)
{
    private byte[][] _names = [];
    private byte[][][] _prefixes = [];

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
        }

        var info = reader.Events[index];
        _names[index] = Encoding.UTF8.GetBytes(info.Name);
        _prefixes[index] = info.ArgumentNames.Select(n => Encoding.UTF8.GetBytes($"{argumentSeparator}{n}=")).ToArray();
    }
}
