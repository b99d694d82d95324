using System.Diagnostics;
using QemuTrace.Fuzz;

// qemutrace-fuzz [--iterations N] [--threads T] [--seed S] [--crashes DIR] [TARGET...]: N mutated inputs per parser.
long iterations = 1_000_000;
int threads = Math.Max(1, Environment.ProcessorCount);
string? seed = null;
string crashes = Path.Combine("artifacts", "fuzz-crashes");
var names = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--iterations": iterations = long.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
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
    var run = FuzzRun.Run(target, iterations, threads, seed);
    Console.WriteLine($"{target.Name}\t{run.Inputs}\t{run.Results}\t{run.Errors}\t{run.ErrorsWithoutPlace}\t{run.Crashes.Count}\t{clock.Elapsed.TotalSeconds:F0}");
    foreach (var path in run.SaveCrashes(target.Name, crashes))
    {
        Console.WriteLine($"  crash kept: {path} ({File.ReadAllText(path + ".txt").Trim()})");
        failed++;
    }
}

return failed == 0 ? 0 : 1;
