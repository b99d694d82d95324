namespace QemuTrace.Analysis.Passes;

/// <summary>
/// A few distinct names, each with a small number, so that a pass keeps a number per slot rather than a reference
/// (an array of a value type: no shared generic code per block).
/// </summary>
internal sealed class NameIndex
{
    private readonly List<string> _names = [];

    /// <summary>The number of <paramref name="name"/>, added when new.</summary>
    public int Of(string name)
    {
        int index = _names.IndexOf(name);
        if (index < 0)
        {
            index = _names.Count;
            _names.Add(name);
        }

        return index;
    }

    /// <summary>The name numbered <paramref name="index"/>.</summary>
    public string this[int index] => _names[index];
}
