using Leaderboard.Domain.Submissions;

namespace Leaderboard.Infrastructure.Persistence.Entities;

public enum SubmissionKind
{
    ContainerImage,
    OnnxModel,
}

/// <summary>One upload of a team to a phase. Its status mirrors its latest evaluation.</summary>
public sealed class Submission
{
    public Guid Id { get; set; }

    public Guid TeamId { get; set; }

    public Team? Team { get; set; }

    public Guid PhaseId { get; set; }

    public Phase? Phase { get; set; }

    public required string ModelName { get; set; }

    public string? ModelUrl { get; set; }

    public SubmissionKind Kind { get; set; }

    /// <summary>Lower-case hex SHA-256 of the uploaded file; its name in the artifact store.</summary>
    public required string ArtifactSha256 { get; set; }

    public long ArtifactBytes { get; set; }

    public SubmissionStatus Status { get; set; }

    public FailureReason? FailureReason { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Set by an organizer; a hidden entry is never ranked or shown publicly.</summary>
    public bool IsHidden { get; set; }

    /// <summary>Set by an organizer; a disqualified entry is never ranked.</summary>
    public bool IsDisqualified { get; set; }

    public List<Evaluation> Evaluations { get; set; } = [];
}
