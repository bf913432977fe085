using Leaderboard.Domain.Quotas;
using Leaderboard.Domain.Submissions;

namespace Leaderboard.Domain.Tests.Ranking;

public sealed class QuotaRulesTests
{
    [Theory]
    [InlineData(SubmissionStatus.Finished, null, true, true)]
    [InlineData(SubmissionStatus.Queued, null, false, true)]
    [InlineData(SubmissionStatus.Failed, FailureReason.ExitedNonzero, true, true)]
    [InlineData(SubmissionStatus.Failed, FailureReason.InvalidPredictions, true, true)]
    [InlineData(SubmissionStatus.Failed, FailureReason.InfrastructureError, true, false)]
    [InlineData(SubmissionStatus.Failed, FailureReason.GpuUnavailable, false, false)]
    [InlineData(SubmissionStatus.Cancelled, null, false, false)]
    [InlineData(SubmissionStatus.Cancelled, null, true, true)]
    public void CountsAgainstQuota_FollowsFaultRules(SubmissionStatus status, FailureReason? reason, bool started, bool expected)
    {
        Assert.Equal(expected, QuotaRules.CountsAgainstQuota(status, reason, started));
    }

    [Fact]
    public void CheckNewSubmission_AllowsWithinLimits()
    {
        Assert.Null(QuotaRules.CheckNewSubmission(new QuotaLimits(5, 20, 2), new QuotaUsage(4, 19, 1)));
    }

    [Fact]
    public void CheckNewSubmission_RejectsAtDailyLimit()
    {
        var message = QuotaRules.CheckNewSubmission(new QuotaLimits(5, 20, 2), new QuotaUsage(5, 5, 0));

        Assert.NotNull(message);
        Assert.Contains("24 hours", message);
        Assert.Contains("5", message);
    }

    [Fact]
    public void CheckNewSubmission_RejectsAtTotalLimit()
    {
        var message = QuotaRules.CheckNewSubmission(new QuotaLimits(5, 20, 2), new QuotaUsage(0, 20, 0));

        Assert.NotNull(message);
        Assert.Contains("all 20", message);
    }

    [Fact]
    public void CheckNewSubmission_RejectsAtConcurrentLimit()
    {
        var message = QuotaRules.CheckNewSubmission(new QuotaLimits(5, 20, 2), new QuotaUsage(2, 2, 2));

        Assert.NotNull(message);
        Assert.Contains("queued or running", message);
    }

    [Fact]
    public void RetryAfter_DailyLimitWaitsForOldest()
    {
        var now = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
        var usage = new QuotaUsage(5, 5, 0, OldestInWindow: now.AddHours(-20));

        var wait = QuotaRules.RetryAfter(new QuotaLimits(5, 20, 2), usage, now);

        Assert.Equal(TimeSpan.FromHours(4), wait);
    }

    [Fact]
    public void RetryAfter_TotalLimitHasNoWait()
    {
        var now = DateTimeOffset.UtcNow;

        Assert.Null(QuotaRules.RetryAfter(new QuotaLimits(5, 20, 2), new QuotaUsage(5, 20, 0, now), now));
    }

    [Fact]
    public void RetryAfter_ConcurrentLimitHasNoWait()
    {
        var now = DateTimeOffset.UtcNow;

        Assert.Null(QuotaRules.RetryAfter(new QuotaLimits(5, 20, 2), new QuotaUsage(2, 2, 2, now), now));
    }
}
