using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Leaderboard.Domain.TestSets;

namespace Leaderboard.Infrastructure.TestSets;

/// <summary>What one split of a generated data set contains.</summary>
public sealed record SyntheticSplitSummary(
    string Split, int Exams, string FirstCaseId, string LastCaseId, int Abnormal, int Acl, int Meniscus, long Bytes);

/// <summary>What a generation run wrote, and how long it took.</summary>
public sealed record SyntheticTestSetSummary(
    string DatasetDirectory, ulong Seed, IReadOnlyList<SyntheticSplitSummary> Splits, int FileCount, long Bytes, TimeSpan Elapsed);

/// <summary>Progress of one split: exams written so far out of the split's total.</summary>
public readonly record struct SyntheticProgress(string Split, int ExamsDone, int ExamsTotal);

/// <summary>The three volumes of one synthetic exam, in the input CSV's plane order.</summary>
public sealed record SyntheticExam(ExamLabels Labels, NpyVolume Sagittal, NpyVolume Coronal, NpyVolume Axial);

/// <summary>
/// Writes a synthetic data set in the exact on-disk format of MRNet v1.0, with a learnable,
/// noisy finding for each label. Every exam is drawn from its own xoshiro256** stream keyed by
/// the seed and the case number. One seed therefore gives byte-identical files whatever the
/// degree of parallelism, and an exam's volumes depend only on the seed, its case id and its labels.
/// </summary>
public static class SyntheticTestSetGenerator
{
    private const int VolumeVoxelsPerSlice = MrnetLayout.SliceSize * MrnetLayout.SliceSize;

    /// <summary>
    /// Writes <c>MRNet-v1.0/</c> into the output directory. The files are written to a sibling
    /// folder first and moved into place at the end, so an interrupted run never leaves a partial
    /// data set under the final name. Throws <see cref="ArgumentException"/> when
    /// <see cref="SyntheticTestSetOptions.Validate"/> reports a problem.
    /// </summary>
    public static SyntheticTestSetSummary Generate(
        SyntheticTestSetOptions options, IProgress<SyntheticProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        var stopwatch = Stopwatch.StartNew();
        string dataset = options.DatasetDirectory;
        string staging = Path.Combine(Path.GetDirectoryName(dataset)!, $".{MrnetLayout.DatasetFolderName}.partial-{Environment.ProcessId}");
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        try
        {
            var splits = WriteSplits(options, staging, progress, cancellationToken);
            if (Directory.Exists(dataset))
            {
                Directory.Delete(dataset, recursive: true);
            }

            Directory.Move(staging, dataset);
            return new SyntheticTestSetSummary(
                dataset,
                options.Seed,
                splits,
                FileCount: splits.Sum(s => (s.Exams * MrnetPlanes.InputOrder.Count) + MrnetTasks.All.Count),
                Bytes: splits.Sum(s => s.Bytes),
                stopwatch.Elapsed);
        }
        catch
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            throw;
        }
    }

    /// <summary>Renders the three volumes of one exam in memory, exactly as <see cref="Generate"/> writes them.</summary>
    public static SyntheticExam RenderExam(ulong seed, ExamLabels labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var volumes = MrnetPlanes.InputOrder.Select(plane => RenderVolume(seed, labels, plane)).ToArray();
        return new SyntheticExam(labels, volumes[0], volumes[1], volumes[2]);
    }

    /// <summary>Renders one plane of one exam; <paramref name="plane"/> is sagittal, coronal or axial.</summary>
    public static NpyVolume RenderVolume(ulong seed, ExamLabels labels, string plane)
    {
        ArgumentNullException.ThrowIfNull(labels);
        int slices = PlanSlices(seed, labels, plane, out var knee, out var random);
        var voxels = new byte[slices * VolumeVoxelsPerSlice];
        SyntheticKneeRenderer.RenderVolume(knee, plane, slices, ref random, voxels);
        return new NpyVolume(slices, MrnetLayout.SliceSize, MrnetLayout.SliceSize, voxels);
    }

    private static List<SyntheticSplitSummary> WriteSplits(
        SyntheticTestSetOptions options, string staging, IProgress<SyntheticProgress>? progress, CancellationToken cancellationToken)
    {
        var summaries = new List<SyntheticSplitSummary>();
        foreach (var split in MrnetSplit.All)
        {
            int examCount = split == MrnetSplit.Train ? options.TrainExams
                : split == MrnetSplit.Valid ? options.ValidExams
                : split.MaxExams;
            var labels = SyntheticLabels.Create(options.Seed, split, examCount);

            long bytes = WriteVolumes(options, staging, split, labels, progress, cancellationToken);
            bytes += WriteLabelFiles(staging, split, labels);
            summaries.Add(new SyntheticSplitSummary(
                split.Name,
                examCount,
                labels[0].CaseId,
                labels[^1].CaseId,
                labels.Count(l => l.Abnormal),
                labels.Count(l => l.Acl),
                labels.Count(l => l.Meniscus),
                bytes));
        }

        return summaries;
    }

    private static long WriteVolumes(
        SyntheticTestSetOptions options,
        string staging,
        MrnetSplit split,
        IReadOnlyList<ExamLabels> labels,
        IProgress<SyntheticProgress>? progress,
        CancellationToken cancellationToken)
    {
        foreach (string plane in MrnetPlanes.InputOrder)
        {
            Directory.CreateDirectory(Path.Combine(staging, split.Name, plane));
        }

        long bytes = 0;
        int done = 0;
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism,
            CancellationToken = cancellationToken,
        };
        Parallel.ForEach(labels, parallel, exam =>
        {
            long written = 0;
            foreach (string plane in MrnetPlanes.InputOrder)
            {
                written += WriteVolume(options.Seed, exam, plane, MrnetLayout.VolumePath(staging, split.Name, plane, exam.CaseId));
            }

            Interlocked.Add(ref bytes, written);
            progress?.Report(new SyntheticProgress(split.Name, Interlocked.Increment(ref done), labels.Count));
        });
        return bytes;
    }

    private static long WriteVolume(ulong seed, ExamLabels exam, string plane, string path)
    {
        int slices = PlanSlices(seed, exam, plane, out var knee, out var random);
        int length = slices * VolumeVoxelsPerSlice;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var voxels = buffer.AsSpan(0, length);
            SyntheticKneeRenderer.RenderVolume(knee, plane, slices, ref random, voxels);
            NpyFile.Write(path, slices, MrnetLayout.SliceSize, MrnetLayout.SliceSize, voxels);
            return NpyFile.CreateHeader(slices, MrnetLayout.SliceSize, MrnetLayout.SliceSize).Length + (long)length;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes <c>{split}-{task}.csv</c> for each task: no header, <c>case,label</c>, LF line ends, case order.</summary>
    private static long WriteLabelFiles(string staging, MrnetSplit split, IReadOnlyList<ExamLabels> labels)
    {
        long bytes = 0;
        foreach (var task in MrnetTasks.All)
        {
            var text = new StringBuilder();
            foreach (var exam in labels)
            {
                text.Append(CultureInfo.InvariantCulture, $"{exam.CaseId},{(exam.Get(task) ? 1 : 0)}\n");
            }

            byte[] content = Encoding.ASCII.GetBytes(text.ToString());
            File.WriteAllBytes(MrnetLayout.LabelPath(staging, split.Name, task.ToName()), content);
            bytes += content.Length;
        }

        return bytes;
    }

    /// <summary>
    /// Draws the exam's knee and slice counts from the exam's stream, and returns the plane's own
    /// stream for the pixels. The three slice counts lie in [17, 61] and differ from each other.
    /// </summary>
    private static int PlanSlices(ulong seed, ExamLabels exam, string plane, out SyntheticKnee knee, out Xoshiro256StarStar planeRandom)
    {
        int planeIndex = IndexOfPlane(plane);
        if (!int.TryParse(exam.CaseId, NumberStyles.None, CultureInfo.InvariantCulture, out int caseNumber))
        {
            throw new ArgumentException($"The case id '{exam.CaseId}' is not a non-negative number.", nameof(exam));
        }

        ulong examSeed = Xoshiro256StarStar.DeriveSeed(seed, (ulong)caseNumber);
        var examRandom = new Xoshiro256StarStar(examSeed);
        knee = SyntheticKnee.Draw(exam, ref examRandom);

        Span<int> counts = stackalloc int[3];
        for (int i = 0; i < counts.Length; i++)
        {
            do
            {
                counts[i] = examRandom.NextInt(MrnetLayout.MinSlices, MrnetLayout.MaxSlices + 1);
            }
            while (counts[..i].Contains(counts[i]));
        }

        planeRandom = new Xoshiro256StarStar(Xoshiro256StarStar.DeriveSeed(examSeed, (ulong)planeIndex + 1));
        return counts[planeIndex];
    }

    private static int IndexOfPlane(string plane)
    {
        for (int i = 0; i < MrnetPlanes.InputOrder.Count; i++)
        {
            if (MrnetPlanes.InputOrder[i] == plane)
            {
                return i;
            }
        }

        throw new ArgumentException($"Unknown MRNet plane '{plane}'; expected sagittal, coronal or axial.", nameof(plane));
    }
}
