using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using QemuTrace.Session;

namespace QemuTrace.Interactive;

/// <summary>Binds results to C# variables so the next cell continues in C#.</summary>
internal static class VariableBinder
{
    private static readonly HashSet<CSharpKernel> Referenced = [];

    /// <summary>Checks a <c>--name</c> value before any work is done.</summary>
    public static string Validate(string? name, string fallback)
    {
        var chosen = string.IsNullOrWhiteSpace(name) ? fallback : name.Trim();
        if (!SyntaxFacts.IsValidIdentifier(chosen) || SyntaxFacts.GetKeywordKind(chosen) != SyntaxKind.None)
        {
            throw new TraceCommandException($"--name `{chosen}` is not a C# variable name: use letters, digits and _ (e.g. --name early)");
        }

        return chosen;
    }

    /// <summary>Sets <paramref name="name"/> in the notebook's C# kernel (if there is one) to <paramref name="value"/>.</summary>
    public static async Task BindAsync<T>(KernelInvocationContext context, string name, T value)
    {
        if (Reference(context.HandlingKernel.RootKernel) is { } csharp)
        {
            await csharp.SetValueAsync(name, value!, typeof(T));
        }
    }

    /// <summary>
    /// Lets the notebook's C# code use QemuTrace, Microsoft.Data.Analysis and this extension (TraceCharts, bound
    /// values) even before any <c>#!trace</c> command ran; once per kernel. The C# kernel, or null when there is none.
    /// </summary>
    public static CSharpKernel? Reference(Kernel root)
    {
        if (root.FindKernelByName("csharp") is not CSharpKernel csharp)
        {
            return null;
        }

        lock (Referenced)
        {
            if (Referenced.Add(csharp))
            {
                csharp.AddAssemblyReferences(
                [
                    typeof(TraceSession).Assembly.Location,
                    typeof(DataFrame).Assembly.Location,
                    typeof(VariableBinder).Assembly.Location,
                ]);
            }
        }

        return csharp;
    }

    /// <summary>The value of the C# variable <paramref name="name"/>, or an error that says it does not exist.</summary>
    public static object? Read(KernelInvocationContext context, string name)
    {
        if (context.HandlingKernel.RootKernel.FindKernelByName("csharp") is not CSharpKernel csharp)
        {
            throw new TraceCommandException($"`{name}`: this notebook has no C# kernel to hold variables");
        }

        if (!csharp.TryGetValue<object>(name, out var value))
        {
            throw new TraceCommandException($"no C# variable `{name}` in this notebook: define it in a C# cell first");
        }

        return value;
    }
}
