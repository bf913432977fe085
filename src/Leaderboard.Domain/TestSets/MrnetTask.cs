namespace Leaderboard.Domain.TestSets;

/// <summary>The three MRNet labels, in the column order of every prediction file.</summary>
public enum MrnetTask
{
    Abnormal,
    Acl,
    Meniscus,
}

public static class MrnetTasks
{
    public static IReadOnlyList<MrnetTask> All { get; } = [MrnetTask.Abnormal, MrnetTask.Acl, MrnetTask.Meniscus];

    /// <summary>The name used in label file names (<c>valid-acl.csv</c>), CSV headers and JSON.</summary>
    public static string ToName(this MrnetTask task) => task switch
    {
        MrnetTask.Abnormal => "abnormal",
        MrnetTask.Acl => "acl",
        MrnetTask.Meniscus => "meniscus",
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown MRNet task."),
    };
}

/// <summary>The three MRNet planes, in the order the input CSV lists them for each exam.</summary>
public static class MrnetPlanes
{
    public static IReadOnlyList<string> InputOrder { get; } = ["sagittal", "coronal", "axial"];
}
