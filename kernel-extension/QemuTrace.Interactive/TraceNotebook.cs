using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive;
using QemuTrace.Session;

namespace QemuTrace.Interactive;

/// <summary>What <c>#!trace</c> remembers per notebook (root kernel): the current session (which keeps its own analysis cache).</summary>
public sealed class TraceNotebook
{
    private static readonly ConditionalWeakTable<Kernel, TraceNotebook> ByKernel = new();

    /// <summary>The notebook state of <paramref name="kernel"/>'s root kernel.</summary>
    public static TraceNotebook For(Kernel kernel) => ByKernel.GetValue(kernel.RootKernel, _ => new TraceNotebook());

    /// <summary>True once <c>#!trace</c> is registered on this kernel.</summary>
    internal bool DirectiveRegistered { get; set; }

    /// <summary>The session the subcommands work on: the last one loaded.</summary>
    public TraceSession? Session
    {
        get => _session;
        internal set
        {
            // A notebook charts one function after another: its analyses keep every function's bins, so that adding
            // a function to a chart or a bins table needs no second pass over the trace.
            if (value is not null)
            {
                value.KeepFunctionBins = true;
            }

            _session = value;
        }
    }

    private TraceSession? _session;

    /// <summary>The C# variable the session is bound to.</summary>
    public string? SessionVariable { get; internal set; }

    /// <summary>True once the first chart has written plotly.js into the notebook.</summary>
    internal bool PlotlyScriptWritten { get; set; }

    /// <summary>The current session, or a clear error.</summary>
    internal TraceSession RequireSession() =>
        Session ?? throw new TraceCommandException("no trace loaded: run `#!trace load PATH` first (e.g. #!trace load data/boot/trace-simple-v4.bin.gz --events data/boot/trace-events-all)");
}
