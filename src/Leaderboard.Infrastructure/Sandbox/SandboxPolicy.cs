using System.Globalization;
using System.Text.RegularExpressions;

namespace Leaderboard.Infrastructure.Sandbox;

/// <summary>
/// The limits of every run of one phase. Each phase stores its own copy as JSON, so a
/// property added later falls back to its default when an older row is read.
/// </summary>
public sealed partial record SandboxPolicy
{
    private const long MiB = 1024 * 1024;

    private const long GiB = 1024 * MiB;

    public static SandboxPolicy Default { get; } = new();

    /// <summary>Wall-clock limit from container start; past it the container is killed and the run is <c>timed_out</c>.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Time between SIGTERM and SIGKILL when the time limit is reached. Zero sends SIGKILL at
    /// once. The init process forwards SIGTERM to the submission's own process.
    /// </summary>
    public TimeSpan KillGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Memory limit in bytes, including tmpfs and <c>/dev/shm</c> pages; swap is set equal, so there is no swap.</summary>
    public long MemoryBytes { get; init; } = 8 * GiB;

    /// <summary>CPU quota in cores (Docker's <c>NanoCpus</c> divided by 10^9).</summary>
    public double Cpus { get; init; } = 4;

    /// <summary>Most processes and threads the container may hold at once (the pids cgroup limit).</summary>
    public long PidsLimit { get; init; } = 512;

    /// <summary>Soft and hard limit on open files (<c>RLIMIT_NOFILE</c>).</summary>
    public long OpenFilesLimit { get; init; } = 4096;

    /// <summary>Size of the tmpfs at <c>/tmp</c>, in bytes; every <c>VOLUME</c> the image declares gets a tmpfs of this size too.</summary>
    public long TmpSizeBytes { get; init; } = 1 * GiB;

    /// <summary>Size of <c>/dev/shm</c>, in bytes; PyTorch data loaders pass tensors through it.</summary>
    public long ShmSizeBytes { get; init; } = 1 * GiB;

    /// <summary>
    /// The <c>uid:gid</c> the container runs as, whatever <c>USER</c> the image declares. Root
    /// (uid or gid 0) is rejected. 65534 is <c>nobody</c> on Debian.
    /// </summary>
    public string User { get; init; } = "65534:65534";

    /// <summary>GPUs a run needs. A run that needs any but gets none from the worker fails with <c>gpu_unavailable</c>.</summary>
    public int GpuCount { get; init; }

    /// <summary>Size cap of the engine's own <c>json-file</c> log of the container, in bytes.</summary>
    public long LogFileMaxBytes { get; init; } = 10 * MiB;

    /// <summary>Bytes kept from the start of the combined stdout and stderr for organizers.</summary>
    public int LogHeadBytes { get; init; } = 64 * 1024;

    /// <summary>Bytes kept from the end of the combined stdout and stderr for organizers.</summary>
    public int LogTailBytes { get; init; } = 192 * 1024;

    /// <summary>
    /// Bytes from the end of the log that competitors may read; 0 for a hidden phase, because a
    /// submission can print the test data it reads.
    /// </summary>
    public int CompetitorLogTailBytes { get; init; } = 2048;

    /// <summary>Largest predictions file accepted, in bytes; a larger one is <c>invalid_predictions</c>.</summary>
    public int MaxPredictionsBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Most bytes all files in the output folder may hold while the container runs. The folder
    /// is on the worker's disk, so a container that passes this is stopped at once.
    /// </summary>
    public long MaxOutputDirectoryBytes { get; init; } = 64 * MiB;

    /// <summary>Most files, folders and links the output folder may hold while the container runs.</summary>
    public int MaxOutputEntries { get; init; } = 1000;

    /// <summary>Returns the uid and gid of <see cref="User"/> (the gid is the uid when none is given); call it only on a valid policy.</summary>
    internal (uint Uid, uint Gid) ParseUser()
    {
        var match = UserPattern().Match(User);
        var uid = uint.Parse(match.Groups["uid"].Value, CultureInfo.InvariantCulture);
        var gid = match.Groups["gid"].Success ? uint.Parse(match.Groups["gid"].Value, CultureInfo.InvariantCulture) : uid;
        return (uid, gid);
    }

    /// <summary>Checks every limit; returns one message per invalid property, empty when the policy is usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();

        Check(errors, TimeLimit > TimeSpan.Zero && TimeLimit <= TimeSpan.FromDays(1), nameof(TimeLimit), TimeLimit, "must be more than 0 and at most 1 day");
        Check(errors, KillGracePeriod >= TimeSpan.Zero && KillGracePeriod <= TimeSpan.FromMinutes(5), nameof(KillGracePeriod), KillGracePeriod, "must be between 0 and 5 minutes");

        // Docker rejects a memory limit under 6 MiB.
        Check(errors, MemoryBytes >= 6 * MiB, nameof(MemoryBytes), MemoryBytes, "must be at least 6 MiB (6291456 bytes)");
        Check(errors, Cpus is > 0 and <= 1024 && double.IsFinite(Cpus), nameof(Cpus), Cpus, "must be more than 0 and at most 1024");
        Check(errors, PidsLimit >= 8, nameof(PidsLimit), PidsLimit, "must be at least 8");
        Check(errors, OpenFilesLimit >= 16, nameof(OpenFilesLimit), OpenFilesLimit, "must be at least 16");
        Check(errors, TmpSizeBytes >= MiB, nameof(TmpSizeBytes), TmpSizeBytes, "must be at least 1 MiB");
        Check(errors, ShmSizeBytes >= MiB, nameof(ShmSizeBytes), ShmSizeBytes, "must be at least 1 MiB");
        Check(errors, GpuCount is >= 0 and <= 64, nameof(GpuCount), GpuCount, "must be between 0 and 64");

        var user = User is null ? null : UserPattern().Match(User);
        Check(errors, user is { Success: true }, nameof(User), User, "must be 'uid' or 'uid:gid' with numbers, such as '65534:65534'");
        if (user is { Success: true })
        {
            var (uid, gid) = ParseUser();
            Check(errors, uid != 0 && gid != 0, nameof(User), User, "must not be root (uid or gid 0)");
        }

        Check(errors, LogFileMaxBytes >= 64 * 1024, nameof(LogFileMaxBytes), LogFileMaxBytes, "must be at least 64 KiB");
        Check(errors, LogHeadBytes >= 0, nameof(LogHeadBytes), LogHeadBytes, "must not be negative");
        Check(errors, LogTailBytes >= 1024, nameof(LogTailBytes), LogTailBytes, "must be at least 1 KiB");
        Check(errors, CompetitorLogTailBytes >= 0 && CompetitorLogTailBytes <= LogTailBytes, nameof(CompetitorLogTailBytes), CompetitorLogTailBytes, $"must be between 0 and {nameof(LogTailBytes)}");
        Check(errors, MaxPredictionsBytes > 0, nameof(MaxPredictionsBytes), MaxPredictionsBytes, "must be more than 0");
        Check(errors, MaxOutputDirectoryBytes >= MaxPredictionsBytes, nameof(MaxOutputDirectoryBytes), MaxOutputDirectoryBytes, $"must be at least {nameof(MaxPredictionsBytes)}");
        Check(errors, MaxOutputEntries >= 1, nameof(MaxOutputEntries), MaxOutputEntries, "must be at least 1");

        return errors;
    }

    private static void Check(List<string> errors, bool valid, string property, object? value, string rule)
    {
        if (!valid)
        {
            errors.Add($"Sandbox policy {property} is {value ?? "null"}; it {rule}.");
        }
    }

    [GeneratedRegex(@"^(?<uid>[0-9]{1,9})(:(?<gid>[0-9]{1,9}))?$")]
    private static partial Regex UserPattern();
}

/// <summary>
/// Limits on an uploaded <c>docker save</c> archive, checked while it streams, before the
/// engine reads a byte of it.
/// </summary>
public sealed record ArchiveLimits
{
    private const long MiB = 1024 * 1024;

    private const long GiB = 1024 * MiB;

    public static ArchiveLimits Default { get; } = new();

    /// <summary>Largest upload as stored (gzip-compressed or not), in bytes; larger is <c>too_large</c>.</summary>
    public long MaxCompressedBytes { get; init; } = 10 * GiB;

    /// <summary>Largest tar stream after gzip decompression, in bytes; larger is <c>too_large</c>.</summary>
    public long MaxUncompressedBytes { get; init; } = 40 * GiB;

    /// <summary>Most entries in the outer tar; a <c>docker save</c> archive contains a few per layer.</summary>
    public int MaxEntries { get; init; } = 10_000;

    /// <summary>Largest <c>manifest.json</c>, <c>index.json</c> or image config, in bytes.</summary>
    public int MaxManifestBytes { get; init; } = 1024 * 1024;

    /// <summary>Most layers the image may have: the engine's layer store chains at most 125 (maxLayerDepth in moby's layer/layer_store.go).</summary>
    public int MaxLayers { get; init; } = 125;

    /// <summary>
    /// Most bytes a gzip-compressed archive may expand to per compressed byte. Deflate reaches
    /// at most about 1032 to 1, on runs of one byte value. Images of code and model weights
    /// expand far less, by our estimate 2 to 4 times.
    /// </summary>
    public double MaxCompressionRatio { get; init; } = 100;

    /// <summary>Checks every limit; returns one message per invalid property, empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxCompressedBytes <= 0)
        {
            errors.Add($"Archive limit {nameof(MaxCompressedBytes)} is {MaxCompressedBytes}; it must be more than 0.");
        }

        if (MaxUncompressedBytes <= 0)
        {
            errors.Add($"Archive limit {nameof(MaxUncompressedBytes)} is {MaxUncompressedBytes}; it must be more than 0.");
        }

        if (MaxEntries < 3)
        {
            errors.Add($"Archive limit {nameof(MaxEntries)} is {MaxEntries}; it must be at least 3 (manifest, config and a layer).");
        }

        if (MaxManifestBytes < 1024)
        {
            errors.Add($"Archive limit {nameof(MaxManifestBytes)} is {MaxManifestBytes}; it must be at least 1024.");
        }

        if (MaxLayers < 1)
        {
            errors.Add($"Archive limit {nameof(MaxLayers)} is {MaxLayers}; it must be at least 1.");
        }

        if (!(MaxCompressionRatio >= 1) || !double.IsFinite(MaxCompressionRatio))
        {
            errors.Add($"Archive limit {nameof(MaxCompressionRatio)} is {MaxCompressionRatio}; it must be a finite number of at least 1.");
        }

        return errors;
    }
}
