namespace QemuTrace.Formats.Text;

/// <summary>
/// Assembles <c>-d cpu</c> register dumps from log lines: a dump opens at a <c>RAX=</c> line and closes at its
/// <c>EFER=</c> line; every line between is <c>NAME=VALUE</c> text with an upper-case register name first.
/// </summary>
internal sealed class CpuStateDumpParser
{
    private readonly string _source;
    private readonly Queue<CpuState> _ready = new();
    private readonly ulong[] _values = new ulong[Names.Length];
    private long _openLine;
    private long _recordLine;
    private int _seen;

    // Registers kept, as QEMU prints their names (R8..R9 are padded: "R8 =").
    private static readonly byte[][] Names =
        ["RAX"u8.ToArray(), "RBX"u8.ToArray(), "RCX"u8.ToArray(), "RDX"u8.ToArray(), "RSI"u8.ToArray(), "RDI"u8.ToArray(),
         "RBP"u8.ToArray(), "RSP"u8.ToArray(), "R8"u8.ToArray(), "R9"u8.ToArray(), "R10"u8.ToArray(), "R11"u8.ToArray(),
         "RIP"u8.ToArray(), "RFL"u8.ToArray(), "CPL"u8.ToArray(), "CR3"u8.ToArray()];

    private const int Required = (1 << 16) - 1;

    public CpuStateDumpParser(string source) => _source = source;

    public bool Collect { get; set; }

    public long Count { get; private set; }

    public bool IsOpen => _openLine > 0;

    public bool HasReady => _ready.Count > 0;

    public bool TryTake(out CpuState state) => _ready.TryDequeue(out state!);

    /// <summary>True when <paramref name="line"/> belongs to a register dump (and was consumed).</summary>
    public bool TryConsume(ReadOnlySpan<byte> line, long lineNumber, long recordLine)
    {
        if (!IsDumpLine(line))
        {
            if (IsOpen)
            {
                throw new TraceFormatException(_source, TraceLocation.Line(lineNumber),
                    $"the -d cpu register dump that starts at line {_openLine} ends before its EFER= line (expected its twenty lines RAX= .. EFER= together); the log was edited or written by several processes: record it again");
            }

            return false;
        }

        if (line.StartsWith("RAX="u8))
        {
            if (IsOpen)
            {
                throw new TraceFormatException(_source, TraceLocation.Line(lineNumber),
                    $"a new -d cpu register dump starts before the one at line {_openLine} reached its EFER= line; the log was edited or written by several processes: record it again");
            }

            _openLine = lineNumber;
            _recordLine = recordLine;
            _seen = 0;
        }
        else if (!IsOpen)
        {
            // A NAME=VALUE line outside a dump: some other -d output; not ours to judge.
            return false;
        }

        ParseValues(line);
        if (line.StartsWith("EFER="u8))
        {
            Close(lineNumber);
        }

        return true;
    }

    private void Close(long lineNumber)
    {
        if (_seen != Required)
        {
            var missing = Enumerable.Range(0, Names.Length).Where(i => (_seen & (1 << i)) == 0).Select(i => System.Text.Encoding.ASCII.GetString(Names[i]));
            throw new TraceFormatException(_source, TraceLocation.Line(_openLine),
                $"a -d cpu register dump (lines {_openLine}-{lineNumber}) without {string.Join(", ", missing)}; expected QEMU's x86-64 dump (RAX= .. EFER=): was this log written by qemu-system-x86_64 with -d cpu?");
        }

        Count++;
        if (Collect)
        {
            _ready.Enqueue(new CpuState
            {
                Line = _openLine,
                RecordLine = _recordLine,
                Rax = _values[0], Rbx = _values[1], Rcx = _values[2], Rdx = _values[3], Rsi = _values[4], Rdi = _values[5],
                Rbp = _values[6], Rsp = _values[7], R8 = _values[8], R9 = _values[9], R10 = _values[10], R11 = _values[11],
                Rip = _values[12], Rflags = _values[13], Cpl = (int)_values[14], Cr3 = _values[15],
            });
        }

        _openLine = 0;
    }

    private void ParseValues(ReadOnlySpan<byte> line)
    {
        for (int eq = line.IndexOf((byte)'='); eq > 0; eq = NextEquals(line, eq))
        {
            int end = eq;
            while (end > 0 && line[end - 1] == (byte)' ')
            {
                end--;
            }

            int start = end;
            while (start > 0 && line[start - 1] is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9'))
            {
                start--;
            }

            var name = line[start..end];
            int k = IndexOf(name);
            if (k < 0)
            {
                continue;
            }

            int v = eq + 1;
            int vEnd = v;
            while (vEnd < line.Length && TextValueParser.HexDigit(line[vEnd]) >= 0)
            {
                vEnd++;
            }

            if (!TextValueParser.TryParseHex(line[v..vEnd], out var value))
            {
                continue;
            }

            _values[k] = value;
            _seen |= 1 << k;
        }
    }

    private static int NextEquals(ReadOnlySpan<byte> line, int previous)
    {
        int next = line[(previous + 1)..].IndexOf((byte)'=');
        return next < 0 ? -1 : previous + 1 + next;
    }

    private static int IndexOf(ReadOnlySpan<byte> name)
    {
        for (int i = 0; i < Names.Length; i++)
        {
            if (name.SequenceEqual(Names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Dump lines start with an upper-case register name and have '=' within their first five bytes (<c>R8 =</c>, <c>EFER=</c>).</summary>
    private static bool IsDumpLine(ReadOnlySpan<byte> line) =>
        line.Length > 4 && line[0] is >= (byte)'A' and <= (byte)'Z' && line[..Math.Min(line.Length, 6)].IndexOf((byte)'=') is > 0 and <= 4;
}
