using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Leaderboard.Domain.Submissions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leaderboard.Infrastructure.Sandbox;

/// <summary>
/// The sandbox on the Docker Engine API. Safe to share: every run keeps its state in its own
/// locals, and the one client is thread-safe. See <see cref="SandboxContainerSpec"/> for the
/// container settings and <see cref="ArchiveInspector"/> for the archive checks.
/// </summary>
public sealed partial class DockerSubmissionSandbox(
    DockerClientProvider clients,
    IOptions<SandboxOptions> options,
    ILogger<DockerSubmissionSandbox> logger) : ISubmissionSandbox
{
    // Work folders and containers of runs in progress, which the orphan sweep must leave alone.
    private readonly ConcurrentDictionary<string, byte> _activeWorkFolders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _activeContainers = new(StringComparer.Ordinal);

    // Processor count of the engine's host, read once; 0 until then.
    private int _engineCpus;

    private SandboxOptions Settings => options.Value;

    /// <inheritdoc />
    /// <remarks>
    /// The archive is checked in full first. The engine then receives a second, checked copy
    /// streamed without tags (see <see cref="ArchiveInspector.WriteUntaggedCopy"/>), so the
    /// image is reachable by its id only. Engine and I/O failures return
    /// <see cref="FailureReason.InfrastructureError"/>.
    /// </remarks>
    public async Task<ImageLoadResult> LoadImageAsync(string archivePath, ArchiveLimits limits, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(archivePath);
        ArgumentNullException.ThrowIfNull(limits);

        try
        {
            var inspection = await ArchiveInspector.InspectAsync(archivePath, limits, cancellationToken);
            if (!inspection.IsValid)
            {
                SandboxLog.ArchiveRejected(logger, archivePath, inspection.Failure!.Value.ToCode(), inspection.Error);
                return new ImageLoadResult(null, inspection.Failure, inspection.Error);
            }

            var client = await clients.GetClientAsync(cancellationToken);
            var loadError = await StreamToEngineAsync(client, archivePath, limits, inspection.ImageId!, cancellationToken);
            if (loadError is not null)
            {
                SandboxLog.ImageLoadFailed(logger, archivePath, loadError.Error ?? "");
                return loadError;
            }

            SandboxLog.ImageLoaded(logger, inspection.ImageId!, archivePath, inspection.UncompressedBytes, inspection.EntryCount, inspection.RepoTags.Count);
            return new ImageLoadResult(inspection.ImageId, null, null);
        }
        catch (Exception ex) when (IsInfrastructureFailure(ex, cancellationToken))
        {
            SandboxLog.ImageLoadInfrastructureError(logger, ex, archivePath);
            return new ImageLoadResult(null, FailureReason.InfrastructureError, $"Loading the image failed in the platform: {ex.Message}");
        }
    }

    /// <inheritdoc />
    /// <remarks>Force-removes the image even when stopped containers still use it.</remarks>
    public async Task<bool> RemoveImageAsync(string imageId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(imageId);
        var client = await clients.GetClientAsync(cancellationToken);
        try
        {
            var image = await CallAsync(token => client.Images.InspectImageAsync(imageId, token), cancellationToken);
            if (image.RepoTags is { Count: > 0 } tags)
            {
                SandboxLog.TaggedImageKept(logger, imageId, string.Join(", ", tags));
                return false;
            }

            await CallAsync(token => client.Images.DeleteImageAsync(imageId, new ImageDeleteParameters { Force = true }, token), cancellationToken);
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }

        SandboxLog.ImageRemoved(logger, imageId);
        return true;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Also deletes the worker's work folders. Containers and folders of runs in progress in
    /// this process are left alone, so a sweep during a run does no harm.
    /// </remarks>
    public async Task<int> RemoveOrphanedContainersAsync(string workerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        var client = await clients.GetClientAsync(cancellationToken);
        var containers = await CallAsync(token => client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{SandboxLabels.WorkerId}={workerId}"] = true },
            },
        }, token), cancellationToken);

        var removed = 0;
        foreach (var container in containers.Where(c => !_activeContainers.ContainsKey(c.ID)))
        {
            if (await TryRemoveContainerAsync(client, container.ID, cancellationToken))
            {
                removed++;
                string? evaluationId = null;
                container.Labels?.TryGetValue(SandboxLabels.EvaluationId, out evaluationId);
                SandboxLog.OrphanRemoved(logger, SandboxLog.Short(container.ID), evaluationId, workerId);
            }
        }

        RemoveStaleWorkFolders(workerId);
        return removed;
    }

    private async Task<ImageLoadResult?> StreamToEngineAsync(DockerClient client, string archivePath, ArchiveLimits limits, string imageId, CancellationToken cancellationToken)
    {
        var pipe = new Pipe();
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The copy always starts, even when already cancelled, because only it completes the pipe.
        var copy = Task.Factory.StartNew(
            () => WriteCopy(pipe.Writer, archivePath, limits, abort.Token),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var messages = new LoadMessages();
        Exception? transportFailure = null;
        try
        {
            await using var body = pipe.Reader.AsStream();
            await client.Images.LoadImageAsync(new ImageLoadParameters { Quiet = true }, body, messages, abort.Token);
        }
        catch (DockerApiException ex) when (ex.StatusCode is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError)
        {
            messages.Report(new JSONMessage { Error = new JSONError { Message = ex.ResponseBody } });
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidDataException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Either the copy stopped the stream on purpose (its rejection is reported below)
            // or the engine connection failed.
            transportFailure = ex;
        }
        finally
        {
            await abort.CancelAsync();
        }

        ArchiveInspection? copied;
        try
        {
            copied = await copy;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The load ended before the copy did, and the engine's message gives the reason.
            copied = null;
        }

        if (copied is { IsValid: false })
        {
            return new ImageLoadResult(null, copied.Failure, copied.Error);
        }

        if (messages.Error is { } error)
        {
            var reason = error.Contains("no space left on device", StringComparison.OrdinalIgnoreCase)
                ? FailureReason.InfrastructureError
                : FailureReason.InvalidArchive;
            return new ImageLoadResult(null, reason, $"The Docker Engine rejected the image: {error}");
        }

        if (transportFailure is not null || copied is null)
        {
            throw new IOException("The image stream to the Docker Engine ended early.", transportFailure);
        }

        if (copied.ImageId != imageId)
        {
            return new ImageLoadResult(null, FailureReason.InvalidArchive, "The archive changed while it was loaded; upload it again.");
        }

        return await ConfirmLoadedAsync(client, imageId, messages, cancellationToken);
    }

    private static ArchiveInspection WriteCopy(PipeWriter writer, string archivePath, ArchiveLimits limits, CancellationToken cancellationToken)
    {
        ArchiveInspection result;
        try
        {
            using var stream = writer.AsStream(leaveOpen: true);
            result = ArchiveInspector.WriteUntaggedCopy(archivePath, limits, stream, cancellationToken);
        }
        catch (Exception ex)
        {
            writer.Complete(ex);
            throw;
        }

        // A rejected copy must not look like a complete tar to the engine, so the stream fails.
        writer.Complete(result.IsValid ? null : new InvalidDataException(result.Error));
        return result;
    }

    private async Task<ImageLoadResult?> ConfirmLoadedAsync(DockerClient client, string imageId, LoadMessages messages, CancellationToken cancellationToken)
    {
        try
        {
            var image = await CallAsync(token => client.Images.InspectImageAsync(imageId, token), cancellationToken);
            return image.ID == imageId ? null : new ImageLoadResult(null, FailureReason.InfrastructureError, $"The engine returned image {image.ID} for {imageId}.");
        }
        catch (DockerImageNotFoundException)
        {
            var reported = messages.LoadedImageId is { } loaded ? $" (the engine reported {loaded})" : "";
            return new ImageLoadResult(null, FailureReason.InvalidArchive, $"The engine did not load the image {imageId} that manifest.json names{reported}.");
        }
    }

    private void RemoveStaleWorkFolders(string workerId)
    {
        var workerDirectory = RunWorkspace.WorkerDirectory(Settings.WorkRoot, workerId);
        if (!Directory.Exists(workerDirectory))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(workerDirectory).Where(f => !_activeWorkFolders.ContainsKey(f)))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
                SandboxLog.StaleWorkFolderRemoved(logger, folder, workerId);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                SandboxLog.WorkFolderCleanupFailed(logger, ex, "(unknown)", folder);
            }
        }
    }

    /// <summary>Force-removes a container with its anonymous volumes; false when it was already gone.</summary>
    private async Task<bool> TryRemoveContainerAsync(DockerClient client, string containerId, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync(token => client.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, token), cancellationToken);
            return true;
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict && ex.ResponseBody?.Contains("already in progress", StringComparison.OrdinalIgnoreCase) == true)
        {
            return false;
        }
    }

    /// <summary>Runs one short engine call with its own deadline, so a hung engine cannot stall a worker.</summary>
    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Settings.DockerRequestTimeout);
        try
        {
            return await call(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The Docker Engine did not respond within {Settings.DockerRequestTimeout}.");
        }
    }

    private async Task CallAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        await CallAsync(async token =>
        {
            await call(token);
            return true;
        }, cancellationToken);

    private static bool IsInfrastructureFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is DockerApiException or HttpRequestException or TimeoutException or IOException or UnauthorizedAccessException or NotSupportedException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>
    /// Collects the engine's progress messages as they arrive. <see cref="Progress{T}"/> would
    /// post them to the thread pool, so some could arrive after the load call returned.
    /// </summary>
    private sealed class LoadMessages : IProgress<JSONMessage>
    {
        private const string LoadedPrefix = "Loaded image ID: ";
        private readonly Lock _lock = new();

        public string? Error { get; private set; }

        public string? LoadedImageId { get; private set; }

        public void Report(JSONMessage value)
        {
            lock (_lock)
            {
                var error = value.Error?.Message;
                if (!string.IsNullOrEmpty(error))
                {
                    Error ??= error;
                }

                if (value.Stream?.StartsWith(LoadedPrefix, StringComparison.Ordinal) == true)
                {
                    LoadedImageId = value.Stream[LoadedPrefix.Length..].Trim();
                }
            }
        }
    }
}
