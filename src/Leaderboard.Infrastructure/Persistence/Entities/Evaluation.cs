using Leaderboard.Domain.Submissions;

namespace Leaderboard.Infrastructure.Persistence.Entities;

/// <summary>
/// The run of one submission on one test-set version. Unique on that pair, so a job that
/// Hangfire delivers twice finds the same row and writes its results once.
/// </summary>
public sealed class Evaluation
{
    public Guid Id { get; set; }

    public Guid SubmissionId { get; set; }

    public Submission? Submission { get; set; }

    public Guid TestSetVersionId { get; set; }

    public TestSetVersion? TestSetVersion { get; set; }

    public SubmissionStatus Status { get; set; }

    public FailureReason? FailureReason { get; set; }

    /// <summary>What went wrong, in plain words, for the competitor.</summary>
    public string? FailureDetail { get; set; }

    /// <summary>Hangfire queue: <c>gpu</c> or <c>cpu</c>.</summary>
    public required string Queue { get; set; }

    /// <summary>How many times a worker has claimed this evaluation.</summary>
    public int Attempt { get; set; }

    /// <summary>Id of the Hangfire job last enqueued for this evaluation; null until enqueued.</summary>
    public string? JobId { get; set; }

    /// <summary>Worker that holds the lease, while it is running.</summary>
    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public DateTimeOffset QueuedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public long? ExitCode { get; set; }

    /// <summary>The container's stdout and stderr, capped; organizers only.</summary>
    public string? Log { get; set; }

    /// <summary>Prediction warnings (values outside [0, 1]) and parse errors.</summary>
    public List<string> Messages { get; set; } = [];

    public double? MeanAuc { get; set; }

    public double? MeanAucCiLow { get; set; }

    public double? MeanAucCiHigh { get; set; }

    /// <summary>Version of the scorer that wrote the scores, so a scorer change can be traced.</summary>
    public string? ScorerVersion { get; set; }

    public List<TaskScoreRow> TaskScores { get; set; } = [];

    public List<PredictionRow> Predictions { get; set; } = [];
}

/// <summary>The AUC of one task with its DeLong interval.</summary>
public sealed class TaskScoreRow
{
    public Guid EvaluationId { get; set; }

    /// <summary><c>abnormal</c>, <c>acl</c> or <c>meniscus</c>.</summary>
    public required string Task { get; set; }

    public double Auc { get; set; }

    public double CiLow { get; set; }

    public double CiHigh { get; set; }
}

/// <summary>One exam's predicted values, stored unchanged so labels can be rescored later.</summary>
public sealed class PredictionRow
{
    public Guid EvaluationId { get; set; }

    public required string CaseId { get; set; }

    public double Abnormal { get; set; }

    public double Acl { get; set; }

    public double Meniscus { get; set; }
}
