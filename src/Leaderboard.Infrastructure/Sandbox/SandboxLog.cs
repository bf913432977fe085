using Microsoft.Extensions.Logging;

namespace Leaderboard.Infrastructure.Sandbox;

/// <summary>Log messages of the sandbox (event ids 4001–4099). Container ids are shortened to 12 characters, as the docker CLI shows them.</summary>
internal static partial class SandboxLog
{
    public static string Short(string? id)
    {
        if (id is null)
        {
            return "(none)";
        }

        return id.Length > 12 ? id[..12] : id;
    }

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Archive {ArchivePath} rejected ({Reason}): {Error}")]
    public static partial void ArchiveRejected(ILogger logger, string archivePath, string reason, string? error);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "Image {ImageId} loaded from {ArchivePath} ({UncompressedBytes} bytes, {EntryCount} entries, {TagCount} tags removed)")]
    public static partial void ImageLoaded(ILogger logger, string imageId, string archivePath, long uncompressedBytes, int entryCount, int tagCount);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Warning, Message = "The engine did not load archive {ArchivePath}: {Error}")]
    public static partial void ImageLoadFailed(ILogger logger, string archivePath, string error);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Information, Message = "Image {ImageId} removed")]
    public static partial void ImageRemoved(ILogger logger, string imageId);

    [LoggerMessage(EventId = 4015, Level = LogLevel.Information, Message = "Image {ImageId} kept: it is tagged ({Tags}), so the sandbox did not load it")]
    public static partial void TaggedImageKept(ILogger logger, string imageId, string tags);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Error, Message = "Loading archive {ArchivePath} failed in the platform")]
    public static partial void ImageLoadInfrastructureError(ILogger logger, Exception exception, string archivePath);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "Evaluation {EvaluationId}: container {ContainerId} started from image {ImageId}")]
    public static partial void RunStarted(ILogger logger, string evaluationId, string containerId, string imageId);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Information, Message = "Evaluation {EvaluationId}: container {ContainerId} exited with code {ExitCode} after {Seconds:F1} s (OOM kill seen: {OomKilled})")]
    public static partial void RunExited(ILogger logger, string evaluationId, string containerId, long exitCode, double seconds, bool oomKilled);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Warning, Message = "Evaluation {EvaluationId}: container {ContainerId} ran past the time limit of {TimeLimit}; stopping it")]
    public static partial void RunTimedOut(ILogger logger, string evaluationId, string containerId, TimeSpan timeLimit);

    [LoggerMessage(EventId = 4023, Level = LogLevel.Warning, Message = "Evaluation {EvaluationId}: container {ContainerId} stopped: {Problem}")]
    public static partial void OutputLimitReached(ILogger logger, string evaluationId, string containerId, string problem);

    [LoggerMessage(EventId = 4024, Level = LogLevel.Warning, Message = "Evaluation {EvaluationId} not run: it needs {GpuCount} GPUs and the worker assigned {AssignedCount}")]
    public static partial void GpuUnavailable(ILogger logger, string evaluationId, int gpuCount, int assignedCount);

    [LoggerMessage(EventId = 4025, Level = LogLevel.Error, Message = "Evaluation {EvaluationId}: the run failed in the platform")]
    public static partial void RunInfrastructureError(ILogger logger, Exception exception, string evaluationId);

    [LoggerMessage(EventId = 4026, Level = LogLevel.Warning, Message = "Evaluation {EvaluationId}: run cancelled; removing container {ContainerId}")]
    public static partial void RunCancelled(ILogger logger, string evaluationId, string containerId);

    [LoggerMessage(EventId = 4027, Level = LogLevel.Error, Message = "Evaluation {EvaluationId}: removing container {ContainerId} failed; the next orphan sweep of this worker removes it")]
    public static partial void ContainerCleanupFailed(ILogger logger, Exception exception, string evaluationId, string containerId);

    [LoggerMessage(EventId = 4028, Level = LogLevel.Error, Message = "Evaluation {EvaluationId}: deleting work folder {WorkFolder} failed")]
    public static partial void WorkFolderCleanupFailed(ILogger logger, Exception exception, string evaluationId, string workFolder);

    [LoggerMessage(EventId = 4029, Level = LogLevel.Warning, Message = "Evaluation {EvaluationId}: watching engine events of container {ContainerId} failed; OOM kills are read from the container state only")]
    public static partial void OomWatchFailed(ILogger logger, Exception exception, string evaluationId, string containerId);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Warning, Message = "Removed container {ContainerId} of evaluation {EvaluationId}, left behind by worker {WorkerId}")]
    public static partial void OrphanRemoved(ILogger logger, string containerId, string? evaluationId, string workerId);

    [LoggerMessage(EventId = 4031, Level = LogLevel.Warning, Message = "Removed work folder {WorkFolder}, left behind by worker {WorkerId}")]
    public static partial void StaleWorkFolderRemoved(ILogger logger, string workFolder, string workerId);

    [LoggerMessage(EventId = 4032, Level = LogLevel.Debug, Message = "Evaluation {EvaluationId}: this process cannot change file owners, so the output folder is writable by all users")]
    public static partial void OutputFolderWorldWritable(ILogger logger, string evaluationId);

    [LoggerMessage(EventId = 4033, Level = LogLevel.Error, Message = "Evaluation {EvaluationId} not run: {Problem}")]
    public static partial void TestDataProblem(ILogger logger, string evaluationId, string problem);

    [LoggerMessage(EventId = 4034, Level = LogLevel.Warning, Message = "Evaluation {EvaluationId}: the image's command could not be started: {Error}")]
    public static partial void StartRejected(ILogger logger, string evaluationId, string error);

    [LoggerMessage(EventId = 4035, Level = LogLevel.Warning, Message = "Evaluation {EvaluationId}: the policy asks for {RequestedCpus} CPUs but the engine has {EngineCpus}; the quota is lowered to {EngineCpus}")]
    public static partial void CpusLowered(ILogger logger, string evaluationId, double requestedCpus, int engineCpus);
}
