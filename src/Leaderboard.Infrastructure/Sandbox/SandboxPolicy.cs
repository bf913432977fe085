namespace Leaderboard.Infrastructure.Sandbox;

// PLACEHOLDER: the sandbox work replaces this whole file.
public sealed record SandboxPolicy
{
    public static SandboxPolicy Default { get; } = new();

    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(30);
}

public sealed record ArchiveLimits
{
    public static ArchiveLimits Default { get; } = new();

    public long MaxCompressedBytes { get; init; } = 10L * 1024 * 1024 * 1024;
}
