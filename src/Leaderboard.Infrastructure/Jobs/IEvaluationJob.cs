namespace Leaderboard.Infrastructure.Jobs;

/// <summary>
/// The Hangfire job that runs one evaluation. The API enqueues it by this interface; the
/// worker process registers the implementation. Hangfire delivers a job at least once, so
/// an implementation must be idempotent: running it twice for one id writes results once.
/// </summary>
public interface IEvaluationJob
{
    Task RunAsync(Guid evaluationId, CancellationToken cancellationToken);
}

public static class EvaluationQueues
{
    public const string Gpu = "gpu";
    public const string Cpu = "cpu";
}
