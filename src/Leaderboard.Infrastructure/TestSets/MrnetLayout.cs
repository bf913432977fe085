using System.Globalization;

namespace Leaderboard.Infrastructure.TestSets;

/// <summary>
/// One split of the MRNet data set: its folder name and its contiguous range of case ids.
/// The public release numbers train 0000–1129 and valid 1130–1249; the hidden test split
/// continues at 1250 with 120 exams.
/// </summary>
public sealed record MrnetSplit(string Name, int FirstCase, int MaxExams)
{
    public static MrnetSplit Train { get; } = new("train", 0, 1130);

    public static MrnetSplit Valid { get; } = new("valid", 1130, 120);

    public static MrnetSplit Test { get; } = new("test", 1250, 120);

    public static IReadOnlyList<MrnetSplit> All { get; } = [Train, Valid, Test];

    /// <summary>The 4-digit, zero-padded case id of the exam at <paramref name="index"/> within this split.</summary>
    public string CaseId(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, MaxExams);
        return (FirstCase + index).ToString("D4", CultureInfo.InvariantCulture);
    }
}

/// <summary>Names and sizes fixed by the MRNet v1.0 release.</summary>
public static class MrnetLayout
{
    /// <summary>The folder that contains the splits and label files.</summary>
    public const string DatasetFolderName = "MRNet-v1.0";

    /// <summary>Height and width of every slice, in pixels.</summary>
    public const int SliceSize = 256;

    /// <summary>The fewest and most slices a volume of the release has.</summary>
    public const int MinSlices = 17;

    public const int MaxSlices = 61;

    /// <summary>The path of one volume: <c>{split}/{plane}/{case}.npy</c> under the dataset folder.</summary>
    public static string VolumePath(string datasetDirectory, string split, string plane, string caseId) =>
        Path.Combine(datasetDirectory, split, plane, caseId + ".npy");

    /// <summary>The path of one label file: <c>{split}-{task}.csv</c> under the dataset folder.</summary>
    public static string LabelPath(string datasetDirectory, string split, string taskName) =>
        Path.Combine(datasetDirectory, $"{split}-{taskName}.csv");
}
