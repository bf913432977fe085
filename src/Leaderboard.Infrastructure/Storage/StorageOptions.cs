using System.ComponentModel.DataAnnotations;

namespace Leaderboard.Infrastructure.Storage;

/// <summary>Where uploads and per-run work folders live; shared by the API and every worker.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Root folder of the artifact store; created when missing.</summary>
    [Required]
    public string RootDirectory { get; set; } = "/var/lib/mrnet-leaderboard";
}
