using Xunit.Abstractions;
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using Leaderboard.Infrastructure.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Leaderboard.Sandbox.Tests.Support;

/// <summary>
/// One test's sandbox against the real engine: its own worker id, work root, test set and
/// archives under a fresh temporary folder. Disposing it removes every container labelled
/// with its worker id, every image it loaded and the folder.
/// </summary>
public sealed class SandboxHarness : IAsyncDisposable
{
    public const string DockerSocket = "/var/run/docker.sock";

    /// <summary>Short limits, so hostile images end within seconds on a 2-core machine.</summary>
    public static SandboxPolicy TestPolicy { get; } = SandboxPolicy.Default with
    {
        TimeLimit = TimeSpan.FromSeconds(20),
        KillGracePeriod = TimeSpan.FromSeconds(2),
        MemoryBytes = 256L * 1024 * 1024,
        Cpus = 1,
        PidsLimit = 64,
        OpenFilesLimit = 256,
        TmpSizeBytes = 16L * 1024 * 1024,
        ShmSizeBytes = 16L * 1024 * 1024,
        LogFileMaxBytes = 1024 * 1024,
    };

    /// <summary>
    /// A well-behaved submission: checks that every volume of the input CSV exists and writes
    /// one row of three values per exam.
    /// </summary>
    public const string PredictorScript = """
        echo "args=$1 $2"
        echo "env=$MRNET_INPUT_CSV $MRNET_OUTPUT_CSV $MRNET_DATA_DIR $HOME"
        echo "uid=$(id -u) gid=$(id -g)"
        n=0
        while read -r volume; do
          if [ ! -f "$volume" ]; then echo "missing volume $volume"; exit 4; fi
          n=$((n+1))
        done < "$1"
        rows=$((n/3))
        i=0
        while [ $i -lt $rows ]; do echo "0.5,0.25,0.75"; i=$((i+1)); done > "$2"
        echo "rows=$rows"
        """;

    private readonly ServiceProvider _services;
    private readonly List<string> _loadedImages = [];
    private readonly ITestOutputHelper? _output;
    private int _archiveCount;

    /// <param name="output">Receives every outcome with its log, so a failing test shows what the container printed.</param>
    public SandboxHarness(ITestOutputHelper? output = null)
    {
        _output = output;
        RequireDocker();
        var id = Guid.NewGuid().ToString("N");
        Root = Path.Combine(Path.GetTempPath(), "mrnet-sandbox-tests", id);
        WorkRoot = Path.Combine(Root, "work");
        ArchiveDirectory = Path.Combine(Root, "archives");
        Directory.CreateDirectory(WorkRoot);
        Directory.CreateDirectory(ArchiveDirectory);
        WorkerId = "sandbox-tests-" + id[..12];
        TestSet = TestSetFolder.Create(Path.Combine(Root, "data"));

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sandbox:WorkRoot"] = WorkRoot,
            ["Sandbox:OutputCheckInterval"] = "00:00:00.100",
        }).Build();
        _services = new ServiceCollection().AddLogging().AddSubmissionSandbox(configuration).BuildServiceProvider(validateScopes: true);
        Sandbox = _services.GetRequiredService<ISubmissionSandbox>();
        Clients = _services.GetRequiredService<DockerClientProvider>();
    }

    public string Root { get; }

    public string WorkRoot { get; }

    public string ArchiveDirectory { get; }

    public string WorkerId { get; }

    public TestSetFolder TestSet { get; }

    public ISubmissionSandbox Sandbox { get; }

    public DockerClientProvider Clients { get; }

    /// <summary>Fails with a clear message when no engine is reachable; CI starts dockerd before these tests.</summary>
    public static void RequireDocker()
    {
        if (!File.Exists(DockerSocket))
        {
            throw new InvalidOperationException(
                $"The sandbox tests need a running Docker Engine at {DockerSocket}, which does not exist. Start one, for example 'dockerd --bridge=none --iptables=false &', and run the tests again.");
        }
    }

    /// <summary>Returns a fresh archive path under this harness's folder.</summary>
    public string NewArchivePath(string extension = ".tar") =>
        Path.Combine(ArchiveDirectory, $"archive-{Interlocked.Increment(ref _archiveCount)}{extension}");

    /// <summary>Writes and loads an image; fails the test when the sandbox rejects it.</summary>
    public async Task<string> LoadAsync(JsonObject config, bool gzip = false, string[]? repoTags = null)
    {
        var path = NewArchivePath(gzip ? ".tar.gz" : ".tar");
        var expectedId = TestImage.WriteArchive(path, config, gzip, repoTags);
        var result = await Sandbox.LoadImageAsync(path, ArchiveLimits.Default, CancellationToken.None);
        Assert.True(result.IsLoaded, $"Loading the test image failed: {result.Failure} {result.Error}");
        Assert.Equal(expectedId, result.ImageId);
        Track(result.ImageId!);
        return result.ImageId!;
    }

    /// <summary>Remembers an image for removal when the harness is disposed.</summary>
    public void Track(string imageId) => _loadedImages.Add(imageId);

    public SandboxRun NewRun(string imageId, SandboxPolicy? policy = null, IReadOnlyList<string>? gpuIds = null) =>
        new(Guid.NewGuid().ToString(), WorkerId, imageId, TestSet.SplitDirectory, TestSet.Split, TestSet.CaseIds, policy ?? TestPolicy, gpuIds ?? []);

    /// <summary>Loads a busybox image that runs <paramref name="script"/> and runs it once.</summary>
    public async Task<SandboxOutcome> RunScriptAsync(string script, SandboxPolicy? policy = null, string? user = null)
    {
        var imageId = await LoadAsync(TestImage.ShellScript(script, user: user));
        return await RunAsync(NewRun(imageId, policy));
    }

    /// <summary>Runs <paramref name="run"/> and writes its outcome to the test output.</summary>
    public async Task<SandboxOutcome> RunAsync(SandboxRun run, CancellationToken cancellationToken = default)
    {
        var outcome = await Sandbox.RunAsync(run, cancellationToken);
        _output?.WriteLine($"outcome: {outcome.Failure?.ToString() ?? "finished"}, exit code {outcome.ExitCode}, {outcome.Duration.TotalSeconds:F1} s");
        _output?.WriteLine($"detail: {outcome.FailureDetail}");
        _output?.WriteLine($"log ({outcome.Log.Length} characters):");
        _output?.WriteLine(outcome.Log.Length > 4000 ? outcome.Log[..2000] + "\n[...]\n" + outcome.Log[^2000..] : outcome.Log);
        return outcome;
    }

    /// <summary>Returns this harness's containers, running or not, found by the worker-id label.</summary>
    public async Task<IList<ContainerListResponse>> ListContainersAsync()
    {
        var client = await Clients.GetClientAsync(CancellationToken.None);
        return await client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{SandboxLabels.WorkerId}={WorkerId}"] = true },
            },
        }, CancellationToken.None);
    }

    /// <summary>Returns the ids of every image on the engine.</summary>
    public async Task<HashSet<string>> ListImageIdsAsync()
    {
        var client = await Clients.GetClientAsync(CancellationToken.None);
        var images = await client.Images.ListImagesAsync(new ImagesListParameters { All = true }, CancellationToken.None);
        return [.. images.Select(i => i.ID)];
    }

    /// <summary>Asserts that no container carries this worker's label and that the work root contains no file.</summary>
    public async Task AssertNothingLeftAsync()
    {
        Assert.Empty(await ListContainersAsync());
        Assert.Empty(Directory.EnumerateFiles(WorkRoot, "*", SearchOption.AllDirectories));
        var workerDirectory = Path.Combine(WorkRoot, WorkerId);
        if (Directory.Exists(workerDirectory))
        {
            Assert.Empty(Directory.EnumerateFileSystemEntries(workerDirectory));
        }
    }

    /// <summary>Runs the well-behaved predictor and asserts it still finishes, after whatever ran before.</summary>
    public async Task AssertStillServesAsync()
    {
        var outcome = await RunScriptAsync(PredictorScript);
        Assert.True(outcome.Failure is null, $"A well-behaved run failed after the hostile one: {outcome.Failure} {outcome.FailureDetail}\n{outcome.Log}");
        Assert.NotNull(outcome.PredictionsCsv);
    }

    public async ValueTask DisposeAsync()
    {
        // Every step runs even when an earlier one fails, so one failed test leaves as little as possible.
        var failures = new List<Exception>();
        await TryAsync(failures, () => Sandbox.RemoveOrphanedContainersAsync(WorkerId, CancellationToken.None));
        foreach (var imageId in _loadedImages.Distinct())
        {
            await TryAsync(failures, () => Sandbox.RemoveImageAsync(imageId, CancellationToken.None));
        }

        await _services.DisposeAsync();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("Cleaning up after the test failed.", failures);
        }
    }

    private static async Task TryAsync(List<Exception> failures, Func<Task> cleanup)
    {
        try
        {
            await cleanup();
        }
        catch (Exception ex) when (ex is Docker.DotNet.DockerApiException or HttpRequestException or IOException or TimeoutException)
        {
            failures.Add(ex);
        }
    }
}
