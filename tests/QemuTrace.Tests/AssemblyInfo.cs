// Three tests wait a minute or more on a real QEMU run (a recorded boot) and several on a qtrace process: with xunit's
// default of one test thread per core they would hold every thread while the CPU-bound tests queue behind them.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]

// The classes that record a real boot start first, so their QEMU runs overlap the rest of the suite.
[assembly: TestCollectionOrderer("QemuTrace.Tests.Support.QemuRunsFirst", "QemuTrace.Tests")]
