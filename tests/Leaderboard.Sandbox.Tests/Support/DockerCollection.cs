namespace Leaderboard.Sandbox.Tests.Support;

/// <summary>
/// Tests that use the engine run one at a time: their time limits are short, and parallel
/// containers on a 2-core machine would make them race the clock.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DockerCollection
{
    public const string Name = "Docker Engine";
}
