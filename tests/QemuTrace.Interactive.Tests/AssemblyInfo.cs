// .NET Interactive's Formatter registry is process-wide, and test kernels reset it when disposed: tests that run
// kernels side by side would see each other's formatter state. Run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
