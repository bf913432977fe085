namespace Leaderboard.Infrastructure.Persistence.Entities;

/// <summary>
/// One imported version of a phase's hidden test set. The labels live in the database, so
/// corrected labels become a new version that can be rescored from stored predictions.
/// </summary>
public sealed class TestSetVersion
{
    public Guid Id { get; set; }

    public Guid PhaseId { get; set; }

    /// <summary>1, 2, ... within the phase.</summary>
    public int Number { get; set; }

    /// <summary>MRNet split name used in paths and label files, such as <c>test</c>.</summary>
    public required string SplitName { get; set; }

    /// <summary>
    /// Host folder that contains the split's <c>{sagittal,coronal,axial}/NNNN.npy</c> files; every
    /// worker host keeps a copy at the same path.
    /// </summary>
    public required string ExamDirectory { get; set; }

    /// <summary>SHA-256 over the exam files, checked by a worker before it runs anything.</summary>
    public required string ContentHash { get; set; }

    public int ExamCount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<TestSetExam> Exams { get; set; } = [];
}

/// <summary>The hidden labels of one exam of a test-set version.</summary>
public sealed class TestSetExam
{
    public Guid TestSetVersionId { get; set; }

    public required string CaseId { get; set; }

    public bool Abnormal { get; set; }

    public bool Acl { get; set; }

    public bool Meniscus { get; set; }
}
