using Leaderboard.Infrastructure.Sandbox;

namespace Leaderboard.Infrastructure.Persistence.Entities;

/// <summary>A stage of a competition with its own test set, quotas and sandbox policy.</summary>
public sealed class Phase
{
    public Guid Id { get; set; }

    public Guid CompetitionId { get; set; }

    public Competition? Competition { get; set; }

    /// <summary>URL name, unique within the competition, such as <c>test</c>.</summary>
    public required string Slug { get; set; }

    public required string Title { get; set; }

    public Guid? ActiveTestSetVersionId { get; set; }

    public TestSetVersion? ActiveTestSetVersion { get; set; }

    /// <summary>Submissions a team may make in any rolling 24 hours; the original competition allowed 5.</summary>
    public int DailySubmissionLimit { get; set; } = 5;

    /// <summary>Submissions a team may make in the whole phase; the original competition allowed 20.</summary>
    public int TotalSubmissionLimit { get; set; } = 20;

    /// <summary>Evaluations of one team that may be queued or running at once.</summary>
    public int ConcurrentRunLimit { get; set; } = 2;

    /// <summary>Largest accepted upload, in bytes (10 GiB by default).</summary>
    public long MaxUploadBytes { get; set; } = 10L * 1024 * 1024 * 1024;

    /// <summary>
    /// The sandbox limits for every run of this phase, stored as JSON; its
    /// <see cref="SandboxPolicy.CompetitorLogTailBytes"/> also sets how much log competitors see.
    /// </summary>
    public SandboxPolicy SandboxPolicy { get; set; } = SandboxPolicy.Default;

    public DateTimeOffset CreatedAt { get; set; }
}
