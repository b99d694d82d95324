namespace QemuTrace.Formats;

/// <summary>The events a reader has met so far, indexed by <see cref="TraceRecord.EventIndex"/>.</summary>
public sealed class TraceEventTable
{
    private readonly List<TraceEventInfo> _events = [];
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);
    private TraceEventKind[] _kinds = new TraceEventKind[16];

    /// <summary>Number of events.</summary>
    public int Count => _events.Count;

    /// <summary>The event at an index.</summary>
    public TraceEventInfo this[int index] => _events[index];

    /// <summary>Kinds by index, for hot loops.</summary>
    public ReadOnlySpan<TraceEventKind> Kinds => _kinds.AsSpan(0, _events.Count);

    /// <summary>All events.</summary>
    public IReadOnlyList<TraceEventInfo> All => _events;

    /// <summary>Index of a named event, or -1.</summary>
    public int IndexOf(string name) => _byName.TryGetValue(name, out var i) ? i : -1;

    /// <summary>Returns the index of the named event, adding it on first sight.</summary>
    public int GetOrAdd(string name, TraceEventDeclaration? declaration)
    {
        if (_byName.TryGetValue(name, out var existing))
        {
            return existing;
        }

        var info = new TraceEventInfo(_events.Count, name, declaration);
        _events.Add(info);
        _byName.Add(name, info.Index);
        if (_kinds.Length < _events.Count)
        {
            Array.Resize(ref _kinds, _kinds.Length * 2);
        }

        _kinds[info.Index] = info.Kind;
        return info.Index;
    }
}
