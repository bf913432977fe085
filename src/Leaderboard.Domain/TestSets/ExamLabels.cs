namespace Leaderboard.Domain.TestSets;

/// <summary>The three hidden labels of one exam; case ids are 4-digit, zero-padded strings.</summary>
public sealed record ExamLabels(string CaseId, bool Abnormal, bool Acl, bool Meniscus)
{
    public bool Get(MrnetTask task) => task switch
    {
        MrnetTask.Abnormal => Abnormal,
        MrnetTask.Acl => Acl,
        MrnetTask.Meniscus => Meniscus,
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown MRNet task."),
    };
}
