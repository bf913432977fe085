namespace Leaderboard.Domain.Submissions;

/// <summary>
/// Why an evaluation failed. The snake_case form from <see cref="FailureReasons.ToCode"/>
/// is the public contract shown in the API and on the page.
/// </summary>
public enum FailureReason
{
    InvalidArchive,
    TooLarge,
    GpuUnavailable,
    TimedOut,
    OutOfMemory,
    ExitedNonzero,
    MissingPredictions,
    InvalidPredictions,
    InfrastructureError,
}

public static class FailureReasons
{
    public static string ToCode(this FailureReason reason) => reason switch
    {
        FailureReason.InvalidArchive => "invalid_archive",
        FailureReason.TooLarge => "too_large",
        FailureReason.GpuUnavailable => "gpu_unavailable",
        FailureReason.TimedOut => "timed_out",
        FailureReason.OutOfMemory => "out_of_memory",
        FailureReason.ExitedNonzero => "exited_nonzero",
        FailureReason.MissingPredictions => "missing_predictions",
        FailureReason.InvalidPredictions => "invalid_predictions",
        FailureReason.InfrastructureError => "infrastructure_error",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown failure reason."),
    };

    /// <summary>Describes the reason in plain words for the competitor.</summary>
    public static string Describe(this FailureReason reason) => reason switch
    {
        FailureReason.InvalidArchive => "The upload is not a valid `docker save` archive with exactly one image.",
        FailureReason.TooLarge => "The upload is larger than this phase allows.",
        FailureReason.GpuUnavailable => "No GPU was available for a phase that requires one; this run does not count against your quota.",
        FailureReason.TimedOut => "The container ran past the phase's time limit and was killed.",
        FailureReason.OutOfMemory => "The container ran out of memory and was killed by the kernel.",
        FailureReason.ExitedNonzero => "The container exited with a non-zero status.",
        FailureReason.MissingPredictions => "The container exited without writing the output CSV.",
        FailureReason.InvalidPredictions => "The output CSV could not be scored; see the errors.",
        FailureReason.InfrastructureError => "The platform failed to run the submission; this run does not count against your quota.",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown failure reason."),
    };

    /// <summary>Whether the platform, not the submission, caused the failure, so the quota is not charged.</summary>
    public static bool IsPlatformFault(this FailureReason reason) =>
        reason is FailureReason.GpuUnavailable or FailureReason.InfrastructureError;
}
