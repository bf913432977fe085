using System.ComponentModel.DataAnnotations;

namespace Leaderboard.Infrastructure.Storage;

/// <summary>Where uploads and per-run work folders live; shared by the API and every worker.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Root folder of the artifact store; created when missing.</summary>
    [Required]
    public string RootDirectory { get; set; } = "/var/lib/mrnet-leaderboard";

    /// <summary>
    /// Size cap of the artifact store in bytes (default 200 GiB). Past it, workers delete the
    /// least recently used uploads that no queued or running evaluation needs.
    /// </summary>
    [Range(1L, long.MaxValue)]
    public long MaxArtifactBytes { get; set; } = 200L * 1024 * 1024 * 1024;
}
