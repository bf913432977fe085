namespace Leaderboard.Infrastructure.TestSets;

/// <summary>
/// What <see cref="SyntheticTestSetGenerator"/> writes: the folder that receives
/// <c>MRNet-v1.0/</c>, the seed, and how many train and valid exams (from the first case id of
/// each split upward). The hidden test split always has its full 120 exams.
/// </summary>
public sealed record SyntheticTestSetOptions
{
    public const int DefaultTrainExams = 300;

    public const int DefaultValidExams = 120;

    /// <summary>The fewest exams a split may have, so that every label column has both classes.</summary>
    public const int MinExams = 2;

    public required string OutputDirectory { get; init; }

    public ulong Seed { get; init; }

    public int TrainExams { get; init; } = DefaultTrainExams;

    public int ValidExams { get; init; } = DefaultValidExams;

    /// <summary>Replace an existing, non-empty <c>MRNet-v1.0</c> folder instead of rejecting the request.</summary>
    public bool Force { get; init; }

    /// <summary>How many exams are rendered at once; defaults to the processor count.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>The <c>MRNet-v1.0</c> folder inside <see cref="OutputDirectory"/>.</summary>
    public string DatasetDirectory => Path.Combine(Path.GetFullPath(OutputDirectory), MrnetLayout.DatasetFolderName);

    /// <summary>
    /// Checks the options against the MRNet layout and the file system. Returns one message per
    /// problem, each naming the value and what to do; an empty list means the options are valid.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        CheckExamCount(errors, "--train-exams", TrainExams, MrnetSplit.Train);
        CheckExamCount(errors, "--valid-exams", ValidExams, MrnetSplit.Valid);

        if (MaxDegreeOfParallelism < 1)
        {
            errors.Add($"The degree of parallelism {MaxDegreeOfParallelism} is invalid; use 1 or more.");
        }

        if (string.IsNullOrWhiteSpace(OutputDirectory))
        {
            errors.Add("The output directory is missing; pass --out DIR.");
            return errors;
        }

        CheckOutputDirectory(errors);
        return errors;
    }

    private static void CheckExamCount(List<string> errors, string option, int value, MrnetSplit split)
    {
        if (value < MinExams || value > split.MaxExams)
        {
            errors.Add(
                $"{option} {value} is out of range; the {split.Name} split takes {MinExams} to {split.MaxExams} exams " +
                $"(case ids {split.CaseId(0)}–{split.CaseId(split.MaxExams - 1)}).");
        }
    }

    private void CheckOutputDirectory(List<string> errors)
    {
        string output = Path.GetFullPath(OutputDirectory);
        if (File.Exists(output))
        {
            errors.Add($"The output path {output} is a file; pass a directory to --out.");
            return;
        }

        string dataset = DatasetDirectory;
        if (File.Exists(dataset))
        {
            errors.Add($"{dataset} is a file; remove it or choose another --out directory.");
            return;
        }

        if (!Directory.Exists(dataset))
        {
            return;
        }

        if (new DirectoryInfo(dataset).LinkTarget is not null)
        {
            errors.Add($"{dataset} is a symbolic link; the generator does not write through links. Remove it or choose another --out directory.");
        }
        else if (!Force && Directory.EnumerateFileSystemEntries(dataset).Any())
        {
            errors.Add($"{dataset} already exists and is not empty; pass --force to replace it, or choose another --out directory.");
        }
    }
}
