using System.Text;

namespace QemuTrace.Tests.Support;

/// <summary>
/// Captures what code writes to <see cref="Console.Out"/> and <see cref="Console.Error"/> for the current async flow
/// only, so tests that run CLI verbs in-process can run in parallel.
/// </summary>
/// <remarks>
/// <see cref="Console.SetOut"/> is process-wide; swapping it per test would mix the output of tests running side by side.
/// Instead Console.Out and Console.Error are replaced once by writers that forward each call to the writer of the
/// current <see cref="AsyncLocal{T}"/> scope (which flows into awaits and Task.Run), or to the original console outside
/// any scope.
/// </remarks>
public static class ConsoleCapture
{
    private static readonly AsyncLocal<(TextWriter Out, TextWriter Error)?> Current = new();
    private static readonly Lazy<bool> Installed = new(() =>
    {
        var originalOut = Console.Out;
        var originalError = Console.Error;
        Console.SetOut(new RoutingWriter(originalOut, () => Current.Value?.Out));
        Console.SetError(new RoutingWriter(originalError, () => Current.Value?.Error));
        return true;
    });

    /// <summary>Sends this flow's console output to <paramref name="stdout"/> and <paramref name="stderr"/> until disposed.</summary>
    public static IDisposable To(TextWriter stdout, TextWriter stderr)
    {
        _ = Installed.Value;
        var previous = Current.Value;
        Current.Value = (stdout, stderr);
        return new Scope(previous);
    }

    private sealed class Scope((TextWriter Out, TextWriter Error)? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }

    /// <summary>Forwards every write to the current flow's writer, else to the original console writer.</summary>
    private sealed class RoutingWriter(TextWriter original, Func<TextWriter?> current) : TextWriter
    {
        private TextWriter Target => current() ?? original;

        public override Encoding Encoding => original.Encoding;

        public override IFormatProvider FormatProvider => Target.FormatProvider;

        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string NewLine
        {
            get => Target.NewLine;
            set => Target.NewLine = value;
        }

        public override void Write(char value) => Target.Write(value);

        public override void Write(char[] buffer, int index, int count) => Target.Write(buffer, index, count);

        public override void Write(ReadOnlySpan<char> buffer) => Target.Write(buffer);

        public override void Write(string? value) => Target.Write(value);

        public override void WriteLine() => Target.WriteLine();

        public override void WriteLine(string? value) => Target.WriteLine(value);

        public override void WriteLine(ReadOnlySpan<char> buffer) => Target.WriteLine(buffer);

        public override void Flush() => Target.Flush();
    }
}
