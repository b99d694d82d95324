using System.Diagnostics;
using QemuTrace.Fuzz;

// qemutrace-fuzz [--iterations N] [--minutes M] [--threads T] [--seed S] [--crashes DIR] [TARGET...]:
// N mutated inputs per parser (at most M minutes each), in chunks of 50,000 with a progress line on stderr.
long iterations = 1_000_000;
double minutes = double.PositiveInfinity;
int threads = Math.Max(1, Environment.ProcessorCount);
string? seed = null;
string crashes = Path.Combine("artifacts", "fuzz-crashes");
var names = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--iterations": iterations = long.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--minutes": minutes = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--threads": threads = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--seed": seed = args[++i]; break;
        case "--crashes": crashes = args[++i]; break;
        default: names.Add(args[i]); break;
    }
}

var targets = CoreFuzzTargets.All().Append(NotebookFuzzTarget.Create()).Where(t => names.Count == 0 || names.Contains(t.Name)).ToList();
int failed = 0;
Console.WriteLine("target\tinputs\tresults\terrors\terrors_without_place\tcrashes\tseconds");
foreach (var target in targets)
{
    var clock = Stopwatch.StartNew();
    var run = new FuzzRun();
    while (run.Inputs < iterations && clock.Elapsed.TotalMinutes < minutes)
    {
        run.Continue(target, Math.Min(50_000, iterations - run.Inputs), threads, seed);
        seed = null;
        Console.Error.WriteLine($"{target.Name}: {run.Inputs:N0} inputs, {run.Crashes.Count} crashes, {clock.Elapsed.TotalSeconds:F0} s");
    }

    Console.WriteLine($"{target.Name}\t{run.Inputs}\t{run.Results}\t{run.Errors}\t{run.ErrorsWithoutPlace}\t{run.Crashes.Count}\t{clock.Elapsed.TotalSeconds:F0}");
    foreach (var path in run.SaveCrashes(target.Name, crashes))
    {
        Console.WriteLine($"  crash kept: {path} ({File.ReadAllText(path + ".txt").Trim()})");
        failed++;
    }
}

return failed == 0 ? 0 : 1;
