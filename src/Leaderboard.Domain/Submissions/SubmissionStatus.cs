namespace Leaderboard.Domain.Submissions;

/// <summary>
/// Life of a submission: submitted, queued, running, scoring, finished; or failed with one
/// <see cref="FailureReason"/>; or cancelled.
/// </summary>
public enum SubmissionStatus
{
    Submitted,
    Queued,
    Running,
    Scoring,
    Finished,
    Failed,
    Cancelled,
}
