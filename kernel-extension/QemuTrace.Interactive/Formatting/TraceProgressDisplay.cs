using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;

namespace QemuTrace.Interactive.Formatting;

/// <summary>
/// The one progress output of a pass over a trace. In hosts that replace a displayed value in place (Jupyter, VS Code,
/// <c>qtrace notebook run</c>) it is a live line, updated as the pass runs, that ends as "read N records in X s".
/// </summary>
/// <remarks>
/// dotnet-repl's notebook runner (<c>--run NB --output-path OUT</c>) appends a new output to the saved cell for every
/// <c>DisplayedValueUpdated</c> event instead of replacing the display with that id, so a live line became one saved
/// output per update (17 to 27 on the bundled boot). In such a host the line is displayed once, when the pass ends.
/// </remarks>
public sealed class TraceProgressDisplay
{
    private static readonly ConditionalWeakTable<Kernel, StrongBox<bool>> InPlaceByKernel = new();

    private static readonly bool IsDotnetRepl =
        string.Equals(Assembly.GetEntryAssembly()?.GetName().Name, "dotnet-repl", StringComparison.OrdinalIgnoreCase);

    private readonly KernelInvocationContext _context;
    private readonly DisplayedValue? _live;

    private TraceProgressDisplay(KernelInvocationContext context, DisplayedValue? live)
    {
        _context = context;
        _live = live;
    }

    /// <summary>
    /// Whether the host of <paramref name="kernel"/> replaces a displayed value when it is updated. True unless set
    /// otherwise with <see cref="SetUpdatesInPlace"/>, or the process is dotnet-repl, whose saved notebooks keep every update.
    /// </summary>
    public static bool UpdatesInPlace(Kernel kernel) =>
        InPlaceByKernel.TryGetValue(kernel.RootKernel, out var inPlace) ? inPlace.Value : !IsDotnetRepl;

    /// <summary>Tells <c>#!trace</c> whether the host of <paramref name="kernel"/> replaces updated displays in place (false: show only the final line).</summary>
    public static void SetUpdatesInPlace(Kernel kernel, bool inPlace) => InPlaceByKernel.AddOrUpdate(kernel.RootKernel, new StrongBox<bool>(inPlace));

    /// <summary>Starts the progress output of a pass: shown now where updates replace it, else nothing until <see cref="Finish"/>.</summary>
    internal static TraceProgressDisplay Start(KernelInvocationContext context, TraceProgressView view) =>
        new(context, UpdatesInPlace(context.HandlingKernel) ? context.Display(view, "text/html") : null);

    /// <summary>Shows the pass's state so far, where the host updates in place.</summary>
    internal void Update(TraceProgressView view) => _live?.Update(view);

    /// <summary>The pass's final line: replaces the live one, or is the single output in a host that keeps every update.</summary>
    internal void Finish(TraceProgressView view)
    {
        if (_live is not null)
        {
            _live.Update(view);
        }
        else
        {
            _context.Display(view, "text/html");
        }
    }
}
