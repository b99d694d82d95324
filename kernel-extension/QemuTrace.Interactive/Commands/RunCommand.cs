using System.Diagnostics;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using QemuTrace.Analysis.Passes;

namespace QemuTrace.Interactive.Commands;

/// <summary>
/// <c>#!trace run --pass VARIABLE [--pass VARIABLE]...</c>: runs a user's own analyses (C# objects implementing
/// <see cref="ITracePass"/>, made in a cell) over every block of the trace, in the one streaming pass with the
/// built-in analyses; each pass keeps its results in its own fields for the next cell.
/// </summary>
public sealed class RunCommand : TraceDirectiveCommand
{
    /// <summary>C# variables holding the passes.</summary>
    public System.Text.Json.JsonElement? Pass { get; set; }

    internal static KernelActionDirective Directive() => new("run", "Run your own analyses (C# variables holding an ITracePass, see docs/architecture.md) over every block of the trace, in one pass with the built-in ones. Rebinds `analysis`.")
    {
        Parameters =
        {
            new KernelDirectiveParameter("--pass", "A C# variable holding an ITracePass (or a collection of them). Repeatable.") { AllowImplicitName = true, Required = true, MaxOccurrences = 16 },
        },
    };

    internal static Task HandleAsync(RunCommand command, KernelInvocationContext context) => TraceCommandRunner.RunAsync(command, context, async () =>
    {
        var passes = new List<ITracePass>();
        var names = RepeatedOption.Values(command, command.Pass, "run", "--pass");
        foreach (var name in names.Count > 0 ? names : DirectiveValues.Strings(command.Pass))
        {
            passes.AddRange(VariableBinder.Read(context, name) switch
            {
                ITracePass pass => [pass],
                IEnumerable<ITracePass> many => many,
                null => throw new TraceCommandException($"--pass {name}: the variable is null; assign a pass first, e.g. var {name} = new MyPass();"),
                var other => throw new TraceCommandException($"--pass {name}: a {other.GetType().Name} is not an analysis pass; it must implement QemuTrace.Analysis.Passes.ITracePass (see docs/architecture.md)"),
            });
        }

        if (passes.Count == 0)
        {
            throw new TraceCommandException("#!trace run needs --pass VARIABLE: a C# variable holding an ITracePass");
        }

        var clock = Stopwatch.StartNew();
        var analysis = await TraceAnalysisRunner.EnsureAsync(context, extraPasses: passes);
        KernelInvocationContextExtensions.Display(context,
            $"ran {string.Join(", ", passes.Select(p => p.GetType().Name))} over {analysis.BlockRecords:N0} blocks ({analysis.Records:N0} records) with the built-in analyses in {clock.Elapsed.TotalSeconds:N1} s",
            "text/plain");
    });
}
