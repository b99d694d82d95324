using QemuTrace.Formats;

namespace QemuTrace.Cli;

/// <summary>Runs a verb body and turns the errors a user can cause into one line on stderr and an exit code.</summary>
internal static class CommandRunner
{
    /// <summary>Exit code for bad input (the message says what to do).</summary>
    public const int InputError = 1;

    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (TraceFormatException e)
        {
            Console.Error.WriteLine($"qtrace: error: {e.Message}");
            return InputError;
        }
        catch (InputException e)
        {
            Console.Error.WriteLine($"qtrace: error: {e.Message}");
            return InputError;
        }
        catch (IOException e) when (IsBrokenPipe(e))
        {
            // The reader of our stdout went away (e.g. `| head`): not an error of ours or the user's.
            return 0;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"qtrace: error: {e.Message}");
            return InputError;
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"qtrace: error: {e.Message}");
            return InputError;
        }
    }

    private static bool IsBrokenPipe(IOException e) =>
        e.HResult == 32 || (e.HResult & 0xFFFF) == 32 || e.Message.Contains("Broken pipe", StringComparison.OrdinalIgnoreCase);
}
