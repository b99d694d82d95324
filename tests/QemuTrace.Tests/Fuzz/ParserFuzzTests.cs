using QemuTrace.Fuzz;

namespace QemuTrace.Tests.Fuzz;

/// <summary>
/// A short, bounded fuzz pass over every core parser (scripts/fuzz.sh runs a million inputs per parser), and every
/// input kept in tests/QemuTrace.Fuzz/regressions replayed: each ends in a result or the project's own error.
/// </summary>
public class ParserFuzzTests
{
    private const int ShortPass = 3_000;

    public static TheoryData<string> Targets() => [.. CoreFuzzTargets.All().Select(t => t.Name)];

    private static FuzzTarget Target(string name) => CoreFuzzTargets.All().Single(t => t.Name == name);

    [Theory]
    [MemberData(nameof(Targets))]
    public void Mutated_real_inputs_end_in_a_result_or_the_projects_error(string name)
    {
        var run = FuzzRun.Run(Target(name), ShortPass, threads: 1, seed: "0N0XIzNsQ0O2");

        Assert.Empty(run.Crashes.Keys);
        Assert.True(run.Inputs > ShortPass);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Kept_crash_inputs_now_end_in_a_result_or_the_projects_error(string name)
    {
        var folder = Path.Combine(RepositoryData.Root, "tests", "QemuTrace.Fuzz", "regressions");
        var run = new FuzzRun();
        var target = Target(name);
        foreach (var path in Directory.GetFiles(folder, $"{name}-*.bin"))
        {
            Assert.True(run.One(target, File.ReadAllBytes(path)), $"{path}: {string.Join(", ", run.Crashes.Keys)}");
        }
    }
}
