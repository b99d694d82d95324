// Three tests wait tens of seconds on a real QEMU run (a recorded boot) and several on a qtrace process: with xunit's
// default of one test thread per core they would hold every thread while the CPU-bound tests queue behind them.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]
