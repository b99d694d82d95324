using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using QemuTrace.Formats;

namespace QemuTrace.Interactive;

/// <summary>
/// Runs a subcommand body and turns the errors a user can cause into CommandFailed with the core's message (as the
/// CLI prints it), never a stack trace; the kernel stays usable.
/// </summary>
internal static class TraceCommandRunner
{
    public static async Task RunAsync(KernelCommand command, KernelInvocationContext context, Func<Task> body)
    {
        string? failure;
        try
        {
            await body();
            return;
        }
        catch (TraceFormatException e)
        {
            failure = e.Message;
        }
        catch (InputException e)
        {
            failure = e.Message;
        }
        catch (TraceCommandException e)
        {
            failure = e.Message;
        }
        catch (OperationCanceledException)
        {
            failure = "cancelled; the previous results are kept";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or FormatException)
        {
            failure = e.Message;
        }

        context.Fail(command, message: $"#!trace: {failure}");
    }
}
