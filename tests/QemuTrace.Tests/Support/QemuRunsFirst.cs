using Xunit.Abstractions;

namespace QemuTrace.Tests.Support;

/// <summary>
/// Starts the test classes that record a real boot with QEMU before all others. Each waits a minute or more on one QEMU
/// process, longer than the rest of the suite takes on a test thread, so started last it alone would set the suite's
/// wall time; started first it runs beside everything else. The other classes keep the order they are given in.
/// </summary>
public sealed class QemuRunsFirst : ITestCollectionOrderer
{
    private static readonly string[] LongQemuRuns = ["EndToEnd.BlockRecordingTests", "Recording.QemuRecorderTests"];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => LongQemuRuns.Any(name => c.DisplayName.EndsWith("QemuTrace.Tests." + name, StringComparison.Ordinal)) ? 0 : 1);
}
