using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Docker.DotNet;
using Docker.DotNet.Models;
using Leaderboard.Domain.Submissions;
using Leaderboard.Domain.TestSets;

namespace Leaderboard.Infrastructure.Sandbox;

public sealed partial class DockerSubmissionSandbox
{
    // How long the log pump may take to drain after the container exited.
    private static readonly TimeSpan LogDrainTimeout = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    /// <remarks>
    /// Engine and I/O failures return <see cref="FailureReason.InfrastructureError"/>. A
    /// cancelled run throws <see cref="OperationCanceledException"/> after its container and
    /// work folder are removed. An invalid <paramref name="run"/> (ids, split name, case
    /// order, policy) throws <see cref="ArgumentException"/>.
    /// </remarks>
    public async Task<SandboxOutcome> RunAsync(SandboxRun run, CancellationToken cancellationToken)
    {
        ValidateRun(run);
        var stopwatch = Stopwatch.StartNew();

        if (run.Policy.GpuCount > run.GpuIds.Count)
        {
            SandboxLog.GpuUnavailable(logger, run.EvaluationId, run.Policy.GpuCount, run.GpuIds.Count);
            return Failed(FailureReason.GpuUnavailable, $"This phase needs {run.Policy.GpuCount} GPU(s) and none was free on the worker; the run was not started.", stopwatch);
        }

        if (CheckTestData(run) is { } dataProblem)
        {
            SandboxLog.TestDataProblem(logger, run.EvaluationId, dataProblem);
            return Failed(FailureReason.InfrastructureError, dataProblem, stopwatch);
        }

        try
        {
            var client = await clients.GetClientAsync(cancellationToken);
            return await RunInWorkspaceAsync(client, run, stopwatch, cancellationToken);
        }
        catch (Exception ex) when (IsInfrastructureFailure(ex, cancellationToken))
        {
            SandboxLog.RunInfrastructureError(logger, ex, run.EvaluationId);
            return Failed(FailureReason.InfrastructureError, $"The platform failed to run the container: {ex.Message}", stopwatch);
        }
    }

    private async Task<SandboxOutcome> RunInWorkspaceAsync(DockerClient client, SandboxRun run, Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        ImageInspectResponse image;
        try
        {
            image = await CallAsync(token => client.Images.InspectImageAsync(run.ImageId, token), cancellationToken);
        }
        catch (DockerImageNotFoundException)
        {
            return Failed(FailureReason.InfrastructureError, $"The image {run.ImageId} is not loaded on this worker.", stopwatch);
        }

        var workspace = RunWorkspace.Create(Settings.WorkRoot, run, out var ownerChanged);
        _activeWorkFolders[workspace.Root] = 0;
        if (!ownerChanged)
        {
            SandboxLog.OutputFolderWorldWritable(logger, run.EvaluationId);
        }

        string? containerId = null;
        try
        {
            var name = $"mrnet-eval-{RunWorkspace.SafeSegment(run.EvaluationId)}-{Guid.NewGuid():N}";
            var spec = SandboxContainerSpec.Build(await FitCpusToEngineAsync(client, run, cancellationToken), image, workspace, name);
            var created = await CallAsync(token => client.Containers.CreateContainerAsync(spec, token), cancellationToken);
            containerId = created.ID;
            _activeContainers[containerId] = 0;
            return await ExecuteAsync(client, run, containerId, workspace, stopwatch, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && containerId is not null)
        {
            SandboxLog.RunCancelled(logger, run.EvaluationId, SandboxLog.Short(containerId));
            throw;
        }
        finally
        {
            await CleanUpAsync(client, run, containerId, workspace);
        }
    }

    /// <summary>
    /// Lowers the CPU quota to the engine's processor count when the policy requests more: the
    /// engine rejects a larger NanoCpus value, and the quota is a ceiling, not a reservation.
    /// </summary>
    private async Task<SandboxRun> FitCpusToEngineAsync(DockerClient client, SandboxRun run, CancellationToken cancellationToken)
    {
        if (_engineCpus == 0)
        {
            var info = await CallAsync(token => client.System.GetSystemInfoAsync(token), cancellationToken);
            _engineCpus = (int)Math.Max(1, info.NCPU);
        }

        if (run.Policy.Cpus <= _engineCpus)
        {
            return run;
        }

        SandboxLog.CpusLowered(logger, run.EvaluationId, run.Policy.Cpus, _engineCpus);
        return run with { Policy = run.Policy with { Cpus = _engineCpus } };
    }

    /// <summary>
    /// Attaches, starts, waits with the time limit and reads the result. The log is read from
    /// an attach made before the start, so nothing the container prints is lost or read twice.
    /// </summary>
    private async Task<SandboxOutcome> ExecuteAsync(DockerClient client, SandboxRun run, string containerId, RunWorkspace workspace, Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        var policy = run.Policy;
        var log = new CappedLog(policy.LogHeadBytes, policy.LogTailBytes);
        var oom = new OomEvents();
        using var stopWatchers = new CancellationTokenSource();
        var oomWatch = Task.CompletedTask;
        var pump = Task.CompletedTask;
        MultiplexedStream? attach = null;
        try
        {
            oomWatch = WatchOomEventsAsync(client, run, containerId, oom, stopWatchers.Token);
            attach = await CallAsync(token => client.Containers.AttachContainerAsync(containerId, new ContainerAttachParameters
            {
                Stream = true,
                Stdout = true,
                Stderr = true,
            }, token), cancellationToken);
            pump = PumpLogAsync(attach, log, stopWatchers.Token);

            if (await StartAsync(client, run, containerId, stopwatch, log) is { } notStarted)
            {
                return notStarted;
            }

            stopwatch.Restart();
            SandboxLog.RunStarted(logger, run.EvaluationId, SandboxLog.Short(containerId), run.ImageId);
            var end = await WaitForExitAsync(client, run, containerId, workspace, cancellationToken);
            var duration = stopwatch.Elapsed;

            await DrainAsync(pump);
            var state = await ReadStateAsync(client, containerId);
            var oomKilled = state.OOMKilled || oom.Seen;
            SandboxLog.RunExited(logger, run.EvaluationId, SandboxLog.Short(containerId), state.ExitCode, duration.TotalSeconds, oomKilled);

            return Classify(run, workspace, end, state.ExitCode, oomKilled, LogText(log), duration);
        }
        finally
        {
            await stopWatchers.CancelAsync();
            await Task.WhenAll(oomWatch, DrainAsync(pump));
            attach?.Dispose();
        }
    }

    /// <summary>Starts the container; returns an outcome only when the engine could not start the image's command.</summary>
    private async Task<SandboxOutcome?> StartAsync(DockerClient client, SandboxRun run, string containerId, Stopwatch stopwatch, CappedLog log)
    {
        try
        {
            await CallAsync(token => client.Containers.StartContainerAsync(containerId, new ContainerStartParameters(), token), CancellationToken.None);
            return null;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.BadRequest)
        {
            // The runtime sets exit code 126 (not executable) or 127 (not found) when the
            // command fails before it runs. That is the image's fault, not the platform's.
            var state = await ReadStateAsync(client, containerId);
            if (state.ExitCode is not (126 or 127))
            {
                throw;
            }

            SandboxLog.StartRejected(logger, run.EvaluationId, state.Error);
            return new SandboxOutcome(FailureReason.ExitedNonzero, $"The image's command could not be started: {state.Error}", null, state.ExitCode, LogText(log), stopwatch.Elapsed);
        }
    }

    private async Task<State> ReadStateAsync(DockerClient client, string containerId)
    {
        var container = await CallAsync(token => client.Containers.InspectContainerAsync(containerId, token), CancellationToken.None);
        return container.State ?? throw new IOException($"The engine returned no state for container {SandboxLog.Short(containerId)}.");
    }

    /// <summary>What ended a run, besides the container's own exit.</summary>
    private sealed record RunEnd(bool TimedOut, bool Killed, string? OutputProblem);

    private async Task<RunEnd> WaitForExitAsync(DockerClient client, SandboxRun run, string containerId, RunWorkspace workspace, CancellationToken cancellationToken)
    {
        using var timeLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeLimit.CancelAfter(run.Policy.TimeLimit);
        using var exited = new CancellationTokenSource();
        var outputWatch = WatchOutputFolderAsync(client, run, containerId, workspace, exited.Token);

        try
        {
            await client.Containers.WaitContainerAsync(containerId, timeLimit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            SandboxLog.RunTimedOut(logger, run.EvaluationId, SandboxLog.Short(containerId), run.Policy.TimeLimit);
            var killed = await StopAfterTimeLimitAsync(client, containerId, run.Policy.KillGracePeriod);
            await exited.CancelAsync();
            return new RunEnd(TimedOut: true, killed, await outputWatch);
        }
        finally
        {
            await exited.CancelAsync();
        }

        // A container that fills the folder and exits between two checks is caught here.
        var outputProblem = await outputWatch
            ?? OutputFolder.CheckLimits(workspace.OutputDirectory, run.Policy.MaxOutputDirectoryBytes, run.Policy.MaxOutputEntries);
        return new RunEnd(TimedOut: false, Killed: false, outputProblem);
    }

    /// <summary>Sends SIGTERM, waits the grace period, then SIGKILL; returns whether SIGKILL was needed.</summary>
    private async Task<bool> StopAfterTimeLimitAsync(DockerClient client, string containerId, TimeSpan gracePeriod)
    {
        if (gracePeriod > TimeSpan.Zero)
        {
            await SignalAsync(client, containerId, "SIGTERM");
            using var grace = new CancellationTokenSource(gracePeriod);
            try
            {
                await client.Containers.WaitContainerAsync(containerId, grace.Token);
                return false;
            }
            catch (OperationCanceledException) when (grace.IsCancellationRequested)
            {
                // Still running: it ignored or trapped SIGTERM.
            }
        }

        await SignalAsync(client, containerId, "SIGKILL");
        using var deadline = new CancellationTokenSource(Settings.CleanupTimeout);
        await client.Containers.WaitContainerAsync(containerId, deadline.Token);
        return true;
    }

    /// <summary>Sends a signal; a container that already exited is not an error.</summary>
    private async Task SignalAsync(DockerClient client, string containerId, string signal)
    {
        try
        {
            await CallAsync(token => client.Containers.KillContainerAsync(containerId, new ContainerKillParameters { Signal = signal }, token), CancellationToken.None);
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            // "is not running": it exited between the deadline and the signal.
        }
    }

    /// <summary>
    /// Measures the output folder while the container runs and kills the container when it
    /// passes the policy's limits; returns the problem, or null. The folder is on the worker's
    /// disk, so this bounds how much a container can write there (to the limit plus what it
    /// writes in one <see cref="SandboxOptions.OutputCheckInterval"/>).
    /// </summary>
    private async Task<string?> WatchOutputFolderAsync(DockerClient client, SandboxRun run, string containerId, RunWorkspace workspace, CancellationToken exited)
    {
        using var timer = new PeriodicTimer(Settings.OutputCheckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(exited))
            {
                var problem = OutputFolder.CheckLimits(workspace.OutputDirectory, run.Policy.MaxOutputDirectoryBytes, run.Policy.MaxOutputEntries);
                if (problem is not null)
                {
                    SandboxLog.OutputLimitReached(logger, run.EvaluationId, SandboxLog.Short(containerId), problem);
                    await SignalAsync(client, containerId, "SIGKILL");
                    return problem;
                }
            }
        }
        catch (OperationCanceledException) when (exited.IsCancellationRequested)
        {
            // The container exited, and WaitForExitAsync measures the folder once more.
        }

        return null;
    }

    private SandboxOutcome Classify(SandboxRun run, RunWorkspace workspace, RunEnd end, long exitCode, bool oomKilled, string log, TimeSpan duration)
    {
        var policy = run.Policy;
        SandboxOutcome Fail(FailureReason reason, string detail) => new(reason, detail, null, exitCode, log, duration);

        if (end.OutputProblem is { } outputProblem)
        {
            return Fail(FailureReason.InvalidPredictions, outputProblem);
        }

        if (end.TimedOut)
        {
            return Fail(FailureReason.TimedOut, $"The container ran past the time limit of {Seconds(policy.TimeLimit)}. {DescribeStop(end, policy)}");
        }

        if (exitCode != 0 && oomKilled)
        {
            return Fail(FailureReason.OutOfMemory, $"A process in the container was killed for passing the memory limit of {policy.MemoryBytes} bytes (exit code {exitCode}).");
        }

        if (exitCode != 0)
        {
            var signal = exitCode == 137 ? " (killed by SIGKILL)" : "";
            return Fail(FailureReason.ExitedNonzero, $"The container exited with code {exitCode}{signal}.");
        }

        var predictions = OutputFolder.ReadPredictions(workspace.OutputCsv, RunWorkspace.ContainerOutputCsv, policy.MaxPredictionsBytes);
        if (predictions.Failure == FailureReason.MissingPredictions && oomKilled)
        {
            return Fail(FailureReason.OutOfMemory, $"A process in the container was killed for passing the memory limit of {policy.MemoryBytes} bytes, and no predictions were written.");
        }

        return predictions.Failure is { } failure
            ? Fail(failure, predictions.Problem!)
            : new SandboxOutcome(null, null, predictions.Content, exitCode, log, duration);
    }

    private static string DescribeStop(RunEnd end, SandboxPolicy policy)
    {
        if (!end.Killed)
        {
            return "It stopped on SIGTERM.";
        }

        return policy.KillGracePeriod > TimeSpan.Zero
            ? $"It did not stop within {Seconds(policy.KillGracePeriod)} of SIGTERM and was killed with SIGKILL."
            : "It was killed with SIGKILL.";
    }

    private static string Seconds(TimeSpan time) => string.Create(CultureInfo.InvariantCulture, $"{time.TotalSeconds:0.###} s");

    private static async Task PumpLogAsync(MultiplexedStream stream, CappedLog log, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            while (true)
            {
                var result = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
                if (result.EOF)
                {
                    return;
                }

                lock (log)
                {
                    log.Append(buffer.AsSpan(0, result.Count));
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Cancelled after the drain timeout, or the engine closed the stream with the container.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task DrainAsync(Task pump)
    {
        // The pump ends by itself at the end of the stream; past the timeout it is cancelled by the caller.
        await Task.WhenAny(pump, Task.Delay(LogDrainTimeout));
    }

    private static string LogText(CappedLog log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    /// <summary>
    /// Records the engine's <c>oom</c> event of the container. On cgroup v1 with an init
    /// process, the engine's <c>OOMKilled</c> state and this event both report a kill of any
    /// process in the container; the event is a second source in case the state misses it.
    /// </summary>
    private async Task WatchOomEventsAsync(DockerClient client, SandboxRun run, string containerId, OomEvents oom, CancellationToken stop)
    {
        // Events since a second before now are replayed, so one raised before this request connects is not missed.
        var parameters = new ContainerEventsParameters
        {
            Since = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["type"] = new Dictionary<string, bool> { ["container"] = true },
                ["container"] = new Dictionary<string, bool> { [containerId] = true },
                ["event"] = new Dictionary<string, bool> { ["oom"] = true },
            },
        };
        try
        {
            await client.System.MonitorEventsAsync(parameters, oom, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run ended.
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException)
        {
            SandboxLog.OomWatchFailed(logger, ex, run.EvaluationId, SandboxLog.Short(containerId));
        }
    }

    private sealed class OomEvents : IProgress<Message>
    {
        private int _seen;

        public bool Seen => Volatile.Read(ref _seen) == 1;

        public void Report(Message value) => Volatile.Write(ref _seen, 1);
    }

    /// <summary>Removes the container and the work folder with their own deadline, whatever happened to the run.</summary>
    private async Task CleanUpAsync(DockerClient client, SandboxRun run, string? containerId, RunWorkspace workspace)
    {
        if (containerId is not null)
        {
            try
            {
                using var deadline = new CancellationTokenSource(Settings.CleanupTimeout);
                await TryRemoveContainerAsync(client, containerId, deadline.Token);
            }
            catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException or TimeoutException or OperationCanceledException)
            {
                SandboxLog.ContainerCleanupFailed(logger, ex, run.EvaluationId, SandboxLog.Short(containerId));
            }
            finally
            {
                _activeContainers.TryRemove(containerId, out _);
            }
        }

        try
        {
            workspace.Dispose();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            SandboxLog.WorkFolderCleanupFailed(logger, ex, run.EvaluationId, workspace.Root);
        }
        finally
        {
            _activeWorkFolders.TryRemove(workspace.Root, out _);
        }
    }

    private static SandboxOutcome Failed(FailureReason reason, string detail, Stopwatch stopwatch) =>
        new(reason, detail, null, null, "", stopwatch.Elapsed);

    /// <summary>
    /// Returns a problem with the test data on this worker, or null: the split folder must hold
    /// every exam's three volumes and no CSV file, because hidden labels never enter a container.
    /// </summary>
    private static string? CheckTestData(SandboxRun run)
    {
        if (!Directory.Exists(run.HostSplitDirectory))
        {
            return $"The test data folder {run.HostSplitDirectory} does not exist on this worker.";
        }

        var csv = Directory.EnumerateFiles(run.HostSplitDirectory, "*.csv", new EnumerationOptions
        {
            RecurseSubdirectories = true,
            MaxRecursionDepth = 2,
            MatchCasing = MatchCasing.CaseInsensitive,
            AttributesToSkip = 0,
        }).FirstOrDefault();
        if (csv is not null)
        {
            return $"The test data folder holds the CSV file {csv}; labels must stay outside the folder that is mounted into containers.";
        }

        foreach (var caseId in run.CaseIds)
        {
            foreach (var plane in MrnetPlanes.InputOrder)
            {
                var volume = Path.Combine(run.HostSplitDirectory, plane, caseId + ".npy");
                if (!File.Exists(volume))
                {
                    return $"The test volume {volume} is missing on this worker.";
                }
            }
        }

        return null;
    }

    private static void ValidateRun(SandboxRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrWhiteSpace(run.EvaluationId, nameof(run));
        ArgumentException.ThrowIfNullOrWhiteSpace(run.WorkerId, nameof(run));
        ArgumentException.ThrowIfNullOrWhiteSpace(run.ImageId, nameof(run));
        ArgumentNullException.ThrowIfNull(run.Policy, nameof(run));

        if (!Path.IsPathFullyQualified(run.HostSplitDirectory ?? ""))
        {
            throw new ArgumentException($"The split folder '{run.HostSplitDirectory}' is not an absolute path.", nameof(run));
        }

        if (!SplitNamePattern().IsMatch(run.SplitName ?? ""))
        {
            throw new ArgumentException($"The split name '{run.SplitName}' must be letters, digits, '_' or '-'.", nameof(run));
        }

        if (run.CaseIds is not { Count: > 0 })
        {
            throw new ArgumentException("A run needs at least one case id.", nameof(run));
        }

        for (var i = 0; i < run.CaseIds.Count; i++)
        {
            if (!CaseIdPattern().IsMatch(run.CaseIds[i]))
            {
                throw new ArgumentException($"Case id '{run.CaseIds[i]}' is not a string of digits.", nameof(run));
            }

            if (i > 0 && string.CompareOrdinal(run.CaseIds[i - 1], run.CaseIds[i]) >= 0)
            {
                throw new ArgumentException($"Case ids must be unique and ascending; '{run.CaseIds[i]}' follows '{run.CaseIds[i - 1]}'.", nameof(run));
            }
        }

        var policyErrors = run.Policy.Validate();
        if (policyErrors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", policyErrors), nameof(run));
        }

        if (run.GpuIds is null || run.GpuIds.Any(id => string.IsNullOrWhiteSpace(id) || id.Contains(',', StringComparison.Ordinal)))
        {
            throw new ArgumentException("GPU ids must be non-empty and contain no commas.", nameof(run));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex SplitNamePattern();

    [GeneratedRegex("^[0-9]{1,16}$")]
    private static partial Regex CaseIdPattern();
}
