namespace QemuTrace.Formats;

/// <summary>An event as a reader knows it: its name, its declaration if any, and what it means.</summary>
public sealed class TraceEventInfo
{
    internal TraceEventInfo(int index, string name, TraceEventDeclaration? declaration)
    {
        Index = index;
        Name = name;
        Declaration = declaration;
        Kind = KindOf(name);
        if (declaration is not null)
        {
            ArgumentNames = declaration.Arguments.Select(a => a.Name).ToArray();
            ArgumentIsString = declaration.Arguments.Select(a => a.IsString).ToArray();
        }
        else
        {
            ArgumentNames = [];
            ArgumentIsString = [];
        }

        PcArgument = Array.IndexOf(ArgumentNames, "pc");
        InstructionsArgument = Array.IndexOf(ArgumentNames, "insns");
    }

    /// <summary>Index in the reader's <see cref="TraceEventTable"/>; <see cref="TraceRecord.EventIndex"/> refers to it.</summary>
    public int Index { get; }

    /// <summary>Event name as the decoders print it.</summary>
    public string Name { get; }

    /// <summary>The trace-events declaration, when one is known.</summary>
    public TraceEventDeclaration? Declaration { get; }

    /// <summary>What the event means to the analyses.</summary>
    public TraceEventKind Kind { get; }

    /// <summary>Argument names in record order.</summary>
    public string[] ArgumentNames { get; internal set; }

    /// <summary>For each argument, whether it is a string (its value is then read with the reader's <c>GetString</c>).</summary>
    public bool[] ArgumentIsString { get; internal set; }

    /// <summary>Index of the <c>pc</c> argument, or -1.</summary>
    public int PcArgument { get; private set; }

    /// <summary>Index of the <c>insns</c> argument (a block's instruction count, in block captures), or -1.</summary>
    public int InstructionsArgument { get; private set; } = -1;

    internal void SetGenericArguments(int count)
    {
        ArgumentNames = Enumerable.Range(0, count).Select(i => $"arg{i}").ToArray();
        ArgumentIsString = new bool[count];
        PcArgument = -1;
        InstructionsArgument = -1;
    }

    private static TraceEventKind KindOf(string name) => name switch
    {
        "exec_tb" => TraceEventKind.ExecTb,
        "exec_tb_nocache" => TraceEventKind.ExecTbNocache,
        "exec_tb_exit" => TraceEventKind.ExecTbExit,
        "Dropped_Event" or "dropped" => TraceEventKind.Dropped,
        _ => TraceEventKind.Other,
    };
}
