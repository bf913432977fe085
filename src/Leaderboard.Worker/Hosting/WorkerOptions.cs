using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Leaderboard.Worker.Hosting;

/// <summary>Settings of one worker process, bound from the "Worker" section.</summary>
public sealed partial class WorkerOptions : IValidatableObject
{
    public const string SectionName = "Worker";

    /// <summary>
    /// Names this worker in leases and container labels. It should stay the same across
    /// restarts of one host, so that a restarted worker removes the containers of its crash.
    /// </summary>
    [Required]
    public string WorkerId { get; set; } = Environment.MachineName;

    /// <summary>GPU ids this worker owns; it runs one evaluation per GPU at a time.</summary>
    public List<string> GpuIds { get; set; } = [];

    /// <summary>Evaluations of CPU phases run at once.</summary>
    [Range(0, 64)]
    public int CpuSlots { get; set; } = 1;

    /// <summary>How long a claim on an evaluation lasts without renewal; renewed every third of it.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Claims of one evaluation before it fails with infrastructure_error instead of being queued again.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How often the worker looks for expired leases and evaluations that were never enqueued.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Rejects a worker that would serve no queue, and GPU ids the engine would not accept.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (GpuIds.Count == 0 && CpuSlots == 0)
        {
            yield return new ValidationResult(
                "Worker:CpuSlots is 0 and Worker:GpuIds is empty, so this worker would take no jobs. Set --cpu-slots 1 or --gpus 0.",
                [nameof(CpuSlots), nameof(GpuIds)]);
        }

        foreach (var id in GpuIds.Where(id => !GpuIdPattern().IsMatch(id)))
        {
            yield return new ValidationResult(
                $"GPU id '{id}' is invalid: use an index such as 0 or a UUID such as GPU-1a2b3c4d-..., as nvidia-smi -L lists them.",
                [nameof(GpuIds)]);
        }

        if (GpuIds.Distinct(StringComparer.Ordinal).Count() != GpuIds.Count)
        {
            yield return new ValidationResult("Worker:GpuIds lists a GPU twice; each GPU runs one evaluation at a time.", [nameof(GpuIds)]);
        }
    }

    [GeneratedRegex("^([0-9]+|GPU-[0-9a-fA-F-]+|MIG-[0-9a-fA-F-]+)$")]
    private static partial Regex GpuIdPattern();
}
