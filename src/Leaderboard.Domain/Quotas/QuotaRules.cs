using Leaderboard.Domain.Submissions;

namespace Leaderboard.Domain.Quotas;

/// <summary>The limits of one team in one phase.</summary>
public sealed record QuotaLimits(int Daily, int Total, int Concurrent);

/// <summary>
/// What a team has used, counted with <see cref="QuotaRules.CountsAgainstQuota"/>.
/// <see cref="OldestInWindow"/> is the time of the oldest counted submission of the last 24 hours.
/// </summary>
public sealed record QuotaUsage(int LastDay, int Total, int Active, DateTimeOffset? OldestInWindow = null);

public static class QuotaRules
{
    /// <summary>The rolling window of the daily limit.</summary>
    public static readonly TimeSpan DailyWindow = TimeSpan.FromHours(24);

    /// <summary>
    /// Whether a submission uses up quota. A run the platform failed does not count; one that
    /// failed through the submission does; one cancelled before it started does not.
    /// </summary>
    public static bool CountsAgainstQuota(SubmissionStatus status, FailureReason? reason, bool hasStarted) => status switch
    {
        SubmissionStatus.Failed => reason is not { } r || !r.IsPlatformFault(),
        SubmissionStatus.Cancelled => hasStarted,
        _ => true,
    };

    /// <summary>Whether the submission is still waiting for or using a worker.</summary>
    public static bool IsActive(SubmissionStatus status) =>
        status is SubmissionStatus.Submitted or SubmissionStatus.Queued or SubmissionStatus.Running or SubmissionStatus.Scoring;

    /// <summary>
    /// How long a team rejected by the daily limit must wait: until its oldest counted
    /// submission leaves the 24-hour window. Null when waiting does not help (total limit) or
    /// the wait depends on runs finishing (concurrent limit).
    /// </summary>
    public static TimeSpan? RetryAfter(QuotaLimits limits, QuotaUsage usage, DateTimeOffset now)
    {
        if (usage.Total >= limits.Total || usage.LastDay < limits.Daily || usage.OldestInWindow is not { } oldest)
        {
            return null;
        }

        var wait = oldest + DailyWindow - now;
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    /// <summary>Returns null when one more submission fits, else a message that names the limit that was reached.</summary>
    public static string? CheckNewSubmission(QuotaLimits limits, QuotaUsage usage)
    {
        if (usage.Total >= limits.Total)
        {
            return $"The team has used all {limits.Total} submissions of this phase.";
        }

        if (usage.LastDay >= limits.Daily)
        {
            return $"The team has made {usage.LastDay} submissions in the last 24 hours; the limit is {limits.Daily}. Try again later.";
        }

        if (usage.Active >= limits.Concurrent)
        {
            return $"The team has {usage.Active} submissions queued or running; the limit is {limits.Concurrent}. Wait for one to finish.";
        }

        return null;
    }
}
