using Leaderboard.Domain.Submissions;

namespace Leaderboard.Infrastructure.Sandbox;

/// <summary>
/// Loads submission images and runs them under the sandbox policy. Every container it
/// creates carries the evaluation id and worker id as labels, so that a restarted worker
/// can find and remove what an earlier crash left behind.
/// </summary>
public interface ISubmissionSandbox
{
    /// <summary>
    /// Checks a <c>docker save</c> archive and loads it. The image is identified by its id
    /// (<c>sha256:...</c>), never by tag. A rejected archive is never loaded.
    /// </summary>
    Task<ImageLoadResult> LoadImageAsync(string archivePath, ArchiveLimits limits, CancellationToken cancellationToken);

    /// <summary>Runs one evaluation to completion; the container is always removed.</summary>
    Task<SandboxOutcome> RunAsync(SandboxRun run, CancellationToken cancellationToken);

    /// <summary>Removes containers labelled with this worker id; returns how many.</summary>
    Task<int> RemoveOrphanedContainersAsync(string workerId, CancellationToken cancellationToken);

    /// <summary>
    /// Force-removes an image. Returns false when it was not found, or when it is tagged and
    /// therefore kept. The sandbox loads images without tags, so a tagged image with the same id
    /// was built or pulled by someone else on this engine, and removing it would break their work.
    /// </summary>
    Task<bool> RemoveImageAsync(string imageId, CancellationToken cancellationToken);
}

/// <summary>An image id when the archive was accepted and loaded, or the reason and message when not.</summary>
public sealed record ImageLoadResult(string? ImageId, FailureReason? Failure, string? Error)
{
    public bool IsLoaded => ImageId is not null;
}

/// <summary>
/// One run: the image, the host folder of the hidden split's exams (mounted read-only, labels
/// are never inside it), the case ids in ascending order, the policy and the GPUs this
/// worker owns for the run.
/// </summary>
public sealed record SandboxRun(
    string EvaluationId,
    string WorkerId,
    string ImageId,
    string HostSplitDirectory,
    string SplitName,
    IReadOnlyList<string> CaseIds,
    SandboxPolicy Policy,
    IReadOnlyList<string> GpuIds);

/// <summary>
/// What a run produced. <see cref="Failure"/> is null when the container exited 0 and left a
/// regular output file within the size cap, whose bytes are in <see cref="PredictionsCsv"/>.
/// </summary>
public sealed record SandboxOutcome(
    FailureReason? Failure,
    string? FailureDetail,
    byte[]? PredictionsCsv,
    long? ExitCode,
    string Log,
    TimeSpan Duration)
{
    /// <summary>
    /// Returns the end of <see cref="Log"/> that competitors may read under
    /// <paramref name="policy"/>: at most <see cref="SandboxPolicy.CompetitorLogTailBytes"/>
    /// bytes of UTF-8, cut at a character boundary, and empty for a hidden phase.
    /// </summary>
    public string CompetitorLogTail(SandboxPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return CappedLog.Tail(Log, policy.CompetitorLogTailBytes);
    }
}
