// The classes share one Docker engine and a 2-core machine; run them one at a time so
// that time limits inside the sandbox are not hit through contention.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
