using System.Collections.Concurrent;
using System.Security.Cryptography;
using CsCheck;
using QemuTrace.Formats;

namespace QemuTrace.Fuzz;

/// <summary>
/// Runs a target over mutated seeds: every input must end in a result or a <see cref="TraceFormatException"/>. Any
/// other exception is a crash: the input is kept (one file per distinct exception site) for a regression test.
/// </summary>
public sealed class FuzzRun
{
    private long _inputs;
    private long _results;
    private long _errors;
    private long _errorsWithoutPlace;
    private readonly ConcurrentDictionary<string, byte[]> _crashes = new();

    /// <summary>Inputs parsed.</summary>
    public long Inputs => Interlocked.Read(ref _inputs);

    /// <summary>Inputs that parsed to a result.</summary>
    public long Results => Interlocked.Read(ref _results);

    /// <summary>Inputs refused with the project's error.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Of <see cref="Errors"/>, those whose message carries no byte offset or line (e.g. "the file is empty").</summary>
    public long ErrorsWithoutPlace => Interlocked.Read(ref _errorsWithoutPlace);

    /// <summary>Distinct crashes: exception site -> the first input that hit it.</summary>
    public IReadOnlyDictionary<string, byte[]> Crashes => _crashes;

    /// <summary>Parses <paramref name="iterations"/> mutants of the target's seeds (and the seeds themselves) on <paramref name="threads"/> threads.</summary>
    public static FuzzRun Run(FuzzTarget target, long iterations, int threads, string? seed = null)
    {
        var run = new FuzzRun();
        run.Continue(target, iterations, threads, seed);
        return run;
    }

    /// <summary>Parses the seeds (on the first call) and <paramref name="iterations"/> more mutants, adding to the counts.</summary>
    public void Continue(FuzzTarget target, long iterations, int threads, string? seed = null)
    {
        if (Inputs == 0)
        {
            foreach (var s in target.Seeds)
            {
                One(target, s);
            }
        }

        Mutations.Of(target.Seeds).Sample(input => { One(target, input); }, iter: iterations, threads: threads, seed: seed);
    }

    /// <summary>Parses one input and classifies the outcome; returns false on a crash.</summary>
    public bool One(FuzzTarget target, byte[] input)
    {
        Interlocked.Increment(ref _inputs);
        try
        {
            target.Parse(input);
            Interlocked.Increment(ref _results);
            return true;
        }
        catch (TraceFormatException e)
        {
            Interlocked.Increment(ref _errors);
            if (e.Location is null)
            {
                Interlocked.Increment(ref _errorsWithoutPlace);
            }

            return true;
        }
        catch (Exception e)
        {
            var frame = new System.Diagnostics.StackTrace(e, false).GetFrames().FirstOrDefault()?.GetMethod();
            var site = $"{e.GetType().Name} at {frame?.DeclaringType?.Name}.{frame?.Name}";
            _crashes.TryAdd(site, input);
            return false;
        }
    }

    /// <summary>Writes each crash input to <paramref name="folder"/> as TARGET-HASH.bin; returns the paths.</summary>
    public IReadOnlyList<string> SaveCrashes(string targetName, string folder)
    {
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        foreach (var (site, input) in _crashes)
        {
            var path = Path.Combine(folder, $"{targetName}-{Convert.ToHexString(SHA256.HashData(input))[..12].ToLowerInvariant()}.bin");
            File.WriteAllBytes(path, input);
            File.WriteAllText(path + ".txt", site + "\n");
            paths.Add(path);
        }

        return paths;
    }
}
