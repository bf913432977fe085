// The classes share one Docker engine, so they run one at a time: contention on a small
// machine could otherwise push runs past their sandbox time limits.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
