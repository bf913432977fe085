namespace Leaderboard.Infrastructure.Sandbox;

/// <summary>Labels on every sandbox container, so that a restarted worker can find what its crash left behind.</summary>
public static class SandboxLabels
{
    public const string EvaluationId = "mrnet-leaderboard.evaluation-id";

    public const string WorkerId = "mrnet-leaderboard.worker-id";
}
