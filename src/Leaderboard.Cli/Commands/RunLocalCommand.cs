using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Leaderboard.Domain.Predictions;
using Leaderboard.Domain.Scoring;
using Leaderboard.Domain.Submissions;
using Leaderboard.Domain.TestSets;
using Leaderboard.Infrastructure.Sandbox;
using Leaderboard.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Leaderboard.Cli.Commands;

/// <summary>
/// <c>run-local</c>: runs one <c>docker save</c> archive through the same sandbox and scorer
/// as a worker, without the server or the database, and prints the outcome as JSON. Exit
/// code 0 whatever the outcome of the run, 2 on a usage error (a missing file or folder, an
/// invalid limit, invalid labels).
/// </summary>
internal static partial class RunLocalCommand
{
    private const int UsageError = 2;

    // The JSON goes to a terminal or a file, never into HTML, so quotes and non-ASCII
    // characters in logs are written as they are instead of as \u escapes.
    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        // Values are parsed here rather than by the parser, so that every bad value exits with 2.
        var archive = new Option<string>("--archive") { Description = "Required. The archive written by 'docker save': a tar, or a tar compressed with gzip." };
        var testSet = new Option<string>("--test-set")
        {
            Description = "Required. MRNet-v1.0, or the folder that contains it, with <split>/{sagittal,coronal,axial}/NNNN.npy and the labels <split>-{abnormal,acl,meniscus}.csv.",
        };
        var split = new Option<string>("--split") { Description = "Split to run on.", DefaultValueFactory = _ => "test" };
        var timeLimit = new Option<string>("--time-limit") { Description = "Wall-clock limit of the run: a number with ms, s, m or h, or several such as 1h30m.", DefaultValueFactory = _ => "20s" };
        var memory = new Option<string>("--memory") { Description = "Memory limit in bytes, or with k, m or g (powers of 1024), such as 512m.", DefaultValueFactory = _ => "512m" };
        var cpus = new Option<string>("--cpus") { Description = "CPU quota in cores, such as 1 or 0.5.", DefaultValueFactory = _ => "1" };
        var pids = new Option<string>("--pids") { Description = "Most processes and threads the container may hold at once.", DefaultValueFactory = _ => "256" };
        var gpus = new Option<string>("--gpus") { Description = "Number of GPUs, passed as device ids 0 to N-1; 0 runs on the CPU.", DefaultValueFactory = _ => "0" };

        var command = new Command("run-local", "Run a submission archive in the sandbox against an MRNet-layout test set and print the outcome and scores as JSON.");
        foreach (var option in new Option[] { archive, testSet, split, timeLimit, memory, cpus, pids, gpus })
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) =>
        {
            var request = RunLocalRequest.Parse(
                parseResult.GetValue(archive), parseResult.GetValue(testSet), parseResult.GetValue(split)!,
                parseResult.GetValue(timeLimit)!, parseResult.GetValue(memory)!, parseResult.GetValue(cpus)!,
                parseResult.GetValue(pids)!, parseResult.GetValue(gpus)!, out var errors);
            return request is null ? Task.FromResult(Usage(errors)) : RunAsync(request, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(RunLocalRequest request, CancellationToken cancellationToken)
    {
        var labelResult = TestSetLabels.ReadSplit(request.DatasetDirectory, request.Split);
        if (!labelResult.IsValid)
        {
            return Usage(labelResult.Errors);
        }

        var labels = labelResult.Labels!;
        var workRoot = Path.Combine(Path.GetTempPath(), "mrnet-run-local");
        await using var services = BuildServices(workRoot);
        var sandbox = services.GetRequiredService<ISubmissionSandbox>();

        var image = await sandbox.LoadImageAsync(request.ArchivePath, ArchiveLimits.Default, cancellationToken);
        if (!image.IsLoaded)
        {
            WriteResult(new RunLocalResult { Failure = image.Failure, Detail = image.Error, Errors = [image.Error ?? ""] });
            return 0;
        }

        try
        {
            var run = new SandboxRun(
                $"run-local-{Guid.NewGuid():N}", $"run-local-{Environment.ProcessId}", image.ImageId!,
                request.SplitDirectory, request.Split, labels.CaseIds, request.Policy, request.GpuIds);
            var outcome = await sandbox.RunAsync(run, cancellationToken);
            WriteResult(await ScoreAsync(request, labels, image.ImageId!, outcome, cancellationToken));
            return 0;
        }
        finally
        {
            await sandbox.RemoveImageAsync(image.ImageId!, CancellationToken.None);
        }
    }

    /// <summary>Parses and scores the predictions of a run that ended well; a failed run is reported as it is.</summary>
    private static async Task<RunLocalResult> ScoreAsync(RunLocalRequest request, TestSetLabels labels, string imageId, SandboxOutcome outcome, CancellationToken cancellationToken)
    {
        var result = new RunLocalResult
        {
            ImageId = imageId,
            ExitCode = outcome.ExitCode,
            Duration = outcome.Duration,
            LogTail = outcome.CompetitorLogTail(request.Policy),
            Failure = outcome.Failure,
            Detail = outcome.FailureDetail,
        };
        if (outcome.Failure is not null)
        {
            return result;
        }

        var parsed = PredictionParser.Parse(outcome.PredictionsCsv, labels.CaseIds, request.Policy.MaxPredictionsBytes);
        if (!parsed.IsValid)
        {
            return result with
            {
                Failure = FailureReason.InvalidPredictions,
                Detail = string.Join("\n", parsed.Errors),
                Errors = parsed.Errors,
                Warnings = parsed.Warnings,
            };
        }

        // The same hash a worker checks the test data against, so the bootstrap draws the same resamples.
        var contentHash = await DirectoryHasher.ComputeAsync(request.SplitDirectory, cancellationToken);
        var report = Scorer.Score(labels, parsed.Predictions!, BootstrapSeed.FromTestSetVersion(contentHash));
        return result with { Scores = report, Warnings = parsed.Warnings };
    }

    private static ServiceProvider BuildServices(string workRoot)
    {
        // Sandbox__DockerEndpoint and the other Sandbox options can be set in the environment.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{SandboxOptions.SectionName}:{nameof(SandboxOptions.WorkRoot)}"] = workRoot })
            .AddEnvironmentVariables()
            .Build();

        // Logs go to stderr, so that stdout contains only the JSON result.
        return new ServiceCollection()
            .AddLogging(logging => logging
                .SetMinimumLevel(LogLevel.Warning)
                .AddSimpleConsole(console => console.SingleLine = true)
                .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace))
            .AddSubmissionSandbox(configuration)
            .BuildServiceProvider();
    }

    private static int Usage(IReadOnlyList<string> errors)
    {
        foreach (var error in errors)
        {
            Console.Error.WriteLine($"error: {error}");
        }

        Console.Error.WriteLine("See 'leaderboard run-local --help'.");
        return UsageError;
    }

    private static void WriteResult(RunLocalResult result)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stdout, JsonOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("status", result.Failure is null ? "finished" : "failed");
            WriteNullableString(writer, "reason", result.Failure?.ToCode());
            WriteNullableString(writer, "detail", result.Detail);
            WriteNullableString(writer, "image_id", result.ImageId);
            if (result.ExitCode is { } exitCode)
            {
                writer.WriteNumber("exit_code", exitCode);
            }
            else
            {
                writer.WriteNull("exit_code");
            }

            writer.WriteNumber("duration_seconds", Math.Round(result.Duration.TotalSeconds, 3));
            WriteScores(writer, result.Scores);
            WriteStrings(writer, "warnings", result.Warnings);
            WriteStrings(writer, "errors", result.Errors);
            writer.WriteString("log_tail", result.LogTail);
            writer.WriteEndObject();
        }

        stdout.Write("\n"u8);
    }

    private static void WriteScores(Utf8JsonWriter writer, ScoreReport? report)
    {
        if (report is null)
        {
            writer.WriteNull("scores");
            return;
        }

        writer.WriteStartObject("scores");
        ScoreReportJson.WriteScoreProperties(writer, report);
        writer.WriteString("scorer_version", report.ScorerVersion);
        writer.WriteEndObject();
    }

    private static void WriteNullableString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>What the command prints: the outcome of the load, the run and the scoring.</summary>
    private sealed record RunLocalResult
    {
        public FailureReason? Failure { get; init; }

        public string? Detail { get; init; }

        public string? ImageId { get; init; }

        public long? ExitCode { get; init; }

        public TimeSpan Duration { get; init; }

        public ScoreReport? Scores { get; init; }

        public IReadOnlyList<string> Warnings { get; init; } = [];

        public IReadOnlyList<string> Errors { get; init; } = [];

        public string LogTail { get; init; } = "";
    }

    /// <summary>The command line, checked: paths that exist and a valid sandbox policy.</summary>
    private sealed record RunLocalRequest(string ArchivePath, string DatasetDirectory, string Split, SandboxPolicy Policy, IReadOnlyList<string> GpuIds)
    {
        public string SplitDirectory => Path.Combine(DatasetDirectory, Split);

        public static RunLocalRequest? Parse(
            string? archive, string? testSet, string split, string timeLimit, string memory, string cpus, string pids, string gpus, out List<string> errors)
        {
            errors = [];
            var archivePath = CheckFile(archive, "--archive", errors);
            var datasetDirectory = CheckTestSet(testSet, split, errors);
            var time = ParseDuration(timeLimit, errors);
            var memoryBytes = ParseBytes(memory, errors);
            var cpuCount = ParseNumber(cpus, "--cpus", errors);
            var pidCount = ParseNumber(pids, "--pids", errors);
            var gpuCount = ParseNumber(gpus, "--gpus", errors);
            if (errors.Count > 0)
            {
                return null;
            }

            var policy = SandboxPolicy.Default with
            {
                TimeLimit = time,
                MemoryBytes = memoryBytes,
                Cpus = cpuCount,
                PidsLimit = (long)pidCount,
                GpuCount = (int)gpuCount,
            };
            if (pidCount != Math.Floor(pidCount) || gpuCount != Math.Floor(gpuCount))
            {
                errors.Add("--pids and --gpus must be whole numbers.");
            }

            errors.AddRange(policy.Validate().Select(NameOption));
            if (errors.Count > 0)
            {
                return null;
            }

            var gpuIds = Enumerable.Range(0, policy.GpuCount).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
            return new RunLocalRequest(archivePath!, datasetDirectory!, split, policy, gpuIds);
        }

        /// <summary>Puts the option in place of the policy property that a validation message names.</summary>
        private static string NameOption(string policyError)
        {
            var options = new Dictionary<string, string>
            {
                [nameof(SandboxPolicy.TimeLimit)] = "--time-limit",
                [nameof(SandboxPolicy.MemoryBytes)] = "--memory",
                [nameof(SandboxPolicy.Cpus)] = "--cpus",
                [nameof(SandboxPolicy.PidsLimit)] = "--pids",
                [nameof(SandboxPolicy.GpuCount)] = "--gpus",
            };
            foreach (var (property, option) in options)
            {
                policyError = policyError.Replace($"Sandbox policy {property} is", $"{option} is", StringComparison.Ordinal);
            }

            return policyError;
        }

        private static string? CheckFile(string? path, string option, List<string> errors)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                errors.Add($"{option} is required.");
                return null;
            }

            if (!File.Exists(path))
            {
                errors.Add($"{option}: the file {path} does not exist.");
                return null;
            }

            return Path.GetFullPath(path);
        }

        private static string? CheckTestSet(string? testSet, string split, List<string> errors)
        {
            if (string.IsNullOrWhiteSpace(testSet))
            {
                errors.Add("--test-set is required.");
                return null;
            }

            // Both the folder that contains MRNet-v1.0 and MRNet-v1.0 itself are accepted.
            var datasetDirectory = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(testSet))) == "MRNet-v1.0"
                ? Path.GetFullPath(testSet)
                : Path.GetFullPath(Path.Combine(testSet, "MRNet-v1.0"));
            if (!SplitPattern().IsMatch(split))
            {
                errors.Add($"--split '{split}' must be letters, digits, '_' or '-', such as test or valid.");
                return null;
            }

            if (!Directory.Exists(Path.Combine(datasetDirectory, split)))
            {
                errors.Add($"--test-set: the folder {Path.Combine(datasetDirectory, split)} does not exist; the test set must hold MRNet-v1.0/{split}/.");
                return null;
            }

            return datasetDirectory;
        }

        private static TimeSpan ParseDuration(string text, List<string> errors) => CommandValues.ParseDuration(text, "--time-limit", errors);

        private static long ParseBytes(string text, List<string> errors) => CommandValues.ParseBytes(text, "--memory", errors);

        private static double ParseNumber(string text, string option, List<string> errors)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0)
            {
                errors.Add($"{option} '{text}' is not a number of at least 0.");
                return 0;
            }

            return value;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex SplitPattern();
}
