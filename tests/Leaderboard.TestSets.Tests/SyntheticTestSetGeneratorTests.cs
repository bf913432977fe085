using System.Globalization;
using Leaderboard.Domain.TestSets;
using Leaderboard.Infrastructure.TestSets;

namespace Leaderboard.TestSets.Tests;

[Collection(SyntheticDataSetCollection.Name)]
public sealed class SyntheticTestSetGeneratorTests(SyntheticDataSetFixture fixture)
{
    private static readonly string[] Planes = ["sagittal", "coronal", "axial"];

    [Theory]
    [InlineData("train", 0, 2)]
    [InlineData("valid", 1130, 2)]
    [InlineData("test", 1250, 120)]
    public void Split_HasOneVolumePerPlaneAndCase(string split, int firstCase, int exams)
    {
        var expected = Enumerable.Range(firstCase, exams).Select(i => i.ToString("D4", CultureInfo.InvariantCulture) + ".npy").ToList();

        Assert.Equal(Planes.Order(), Directory.GetDirectories(Path.Combine(fixture.DatasetDirectory, split)).Select(Path.GetFileName).Order());
        foreach (string plane in Planes)
        {
            var files = Directory.GetFiles(Path.Combine(fixture.DatasetDirectory, split, plane)).Select(Path.GetFileName).Order();
            Assert.Equal(expected, files);
        }
    }

    [Fact]
    public void Dataset_HasOnlySplitsAndLabelFiles()
    {
        var entries = Directory.GetFileSystemEntries(fixture.DatasetDirectory).Select(Path.GetFileName).Order().ToList();

        var expected = new[] { "test", "train", "valid" }
            .Concat(from split in new[] { "train", "valid", "test" } from task in MrnetTasks.All select $"{split}-{task.ToName()}.csv")
            .Order();
        Assert.Equal(expected, entries);
        Assert.Empty(Directory.GetDirectories(fixture.OutputDirectory, ".MRNet-v1.0.partial-*"));
    }

    [Fact]
    public void LabelFiles_HaveNoHeaderAndLfLines()
    {
        foreach (var task in MrnetTasks.All)
        {
            string text = File.ReadAllText(MrnetLayout.LabelPath(fixture.DatasetDirectory, "test", task.ToName()));
            var lines = text.Split('\n');

            Assert.DoesNotContain('\r', text);
            Assert.Equal(string.Empty, lines[^1]);
            Assert.Equal(120, lines.Length - 1);
            Assert.Equal("1250", lines[0].Split(',')[0]);
            Assert.All(lines[..^1], line => Assert.Matches(@"^1[23]\d\d,[01]$", line));
        }
    }

    [Fact]
    public void TestLabels_HaveAtLeast50Positives()
    {
        foreach (var task in MrnetTasks.All)
        {
            var labels = File.ReadAllLines(MrnetLayout.LabelPath(fixture.DatasetDirectory, "test", task.ToName())).Select(l => l.Split(',')[1]).ToList();

            Assert.True(labels.Count(l => l == "1") >= 50, $"{task.ToName()} has {labels.Count(l => l == "1")} positives");
            Assert.Contains("0", labels);
        }
    }

    [Fact]
    public void Summary_MatchesFiles()
    {
        var test = fixture.Summary.Splits.Single(s => s.Split == "test");
        long bytes = Directory.EnumerateFiles(fixture.DatasetDirectory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

        Assert.Equal((120, "1250", "1369", 96, 54, 54), (test.Exams, test.FirstCaseId, test.LastCaseId, test.Abnormal, test.Acl, test.Meniscus));
        Assert.Equal(fixture.Hashes.Count, fixture.Summary.FileCount);
        Assert.Equal(bytes, fixture.Summary.Bytes);
    }

    [Fact]
    public void Volumes_HaveSliceCountsInRangeAndDistinct()
    {
        foreach (string caseId in CaseIds("test"))
        {
            var counts = Planes.Select(plane => ReadHeader("test", plane, caseId).Slices).ToList();

            Assert.All(counts, count => Assert.InRange(count, 17, 61));
            Assert.Equal(3, counts.Distinct().Count());
        }
    }

    [Fact]
    public void Volume_LoadsInNumpyAsUint8()
    {
        string path = MrnetLayout.VolumePath(fixture.DatasetDirectory, "test", "coronal", "1250");
        var volume = NpyFile.Read(path);

        string output = NumpyProbe.Describe(path);

        Assert.Equal($"uint8 ({volume.Slices}, 256, 256) True {volume.Voxels.Sum(v => (long)v)} {volume.Voxels[70000]}", output);
    }

    [Fact]
    public void RenderVolume_MatchesWrittenFile()
    {
        var labels = SyntheticLabels.Create(SyntheticDataSetFixture.Seed, MrnetSplit.Test, 120);
        foreach (var exam in labels.Where((_, i) => i % 40 == 0))
        {
            var rendered = SyntheticTestSetGenerator.RenderExam(SyntheticDataSetFixture.Seed, exam);
            var volumes = new[] { rendered.Sagittal, rendered.Coronal, rendered.Axial };
            for (int p = 0; p < Planes.Length; p++)
            {
                var written = NpyFile.Read(MrnetLayout.VolumePath(fixture.DatasetDirectory, "test", Planes[p], exam.CaseId));
                Assert.Equal(written.Slices, volumes[p].Slices);
                Assert.True(written.Voxels.AsSpan().SequenceEqual(volumes[p].Voxels), $"{Planes[p]}/{exam.CaseId} differs from RenderVolume");
            }
        }
    }

    [Fact]
    public void FixedSeed_GivesPinnedBytes()
    {
        // Pinned so that a change to the generator, or a platform difference, shows up as a
        // test failure: a seed must give the same data set everywhere. Update both values
        // only when the generator changes on purpose.
        Assert.Equal("ADC2C5780AC9F65250F530C964ABDE297B4EB356C8E1557A48E48821EF0D37FE", fixture.Hashes[Path.Combine("test", "axial", "1250.npy")]);
        Assert.Equal("853EF5F9125F944D0E6D5E3F0176066B8AB2544921D2B56308A9EB5543E8098C", fixture.Hashes["test-acl.csv"]);
    }

    [Fact]
    public void OtherSeed_GivesOtherVolume()
    {
        var exam = new ExamLabels("1250", true, false, true);

        var first = SyntheticTestSetGenerator.RenderVolume(1, exam, "axial");
        var second = SyntheticTestSetGenerator.RenderVolume(2, exam, "axial");

        Assert.False(first.Voxels.AsSpan().SequenceEqual(second.Voxels));
    }

    [Fact]
    public void Intensities_MatchRealVolumes()
    {
        // Ranges measured on five public sagittal MRNet exams: mean 52–63, standard deviation
        // 42–51, median 32–53, 1–3% of voxels at 0, top percentile at 255. The split average
        // must fall inside them; single volumes may stray a little further.
        foreach (string plane in Planes)
        {
            var stats = CaseIds("test").Take(30).Select(id => VolumeStatistics.Of(NpyFile.Read(MrnetLayout.VolumePath(fixture.DatasetDirectory, "test", plane, id)).Voxels)).ToList();

            Assert.InRange(stats.Average(s => s.Mean), 52, 63);
            Assert.InRange(stats.Average(s => s.StandardDeviation), 42, 51);
            Assert.InRange(stats.Average(s => s.Median), 32, 53);
            Assert.InRange(stats.Average(s => s.ZeroFraction), 0.01, 0.03);
            Assert.All(stats, s => Assert.Equal(255, s.Percentile99));
            Assert.All(stats, s => Assert.InRange(s.Mean, 42, 72));
            Assert.All(stats, s => Assert.InRange(s.StandardDeviation, 38, 58));
            Assert.All(stats, s => Assert.InRange(s.ZeroFraction, 0.005, 0.05));
        }
    }

    [Theory]
    [InlineData(MrnetTask.Abnormal, "sagittal", 50, 110, 10, 75)]
    [InlineData(MrnetTask.Acl, "coronal", 110, 146, 95, 135)]
    [InlineData(MrnetTask.Meniscus, "axial", 60, 125, 150, 178)]
    public void Finding_IsLearnableButNotPerfect(MrnetTask task, string plane, int left, int right, int top, int bottom)
    {
        // A crude detector: the largest fraction of bright voxels in the finding's region over
        // all slices. It must rank exams well above chance, yet the planted noise (missed and
        // mimicked findings) must keep it short of a perfect AUC.
        var labels = File.ReadAllLines(MrnetLayout.LabelPath(fixture.DatasetDirectory, "test", task.ToName()))
            .Select(line => line.Split(','))
            .ToList();
        var scores = labels.Select(l => BrightFraction(NpyFile.Read(MrnetLayout.VolumePath(fixture.DatasetDirectory, "test", plane, l[0])), left, right, top, bottom)).ToArray();
        var positive = labels.Select(l => l[1] == "1").ToArray();

        double auc = VolumeStatistics.Auc(positive, scores);

        Assert.InRange(auc, 0.7, 0.99);
    }

    [Fact]
    public void ExistingDataset_IsRejectedWithoutForce()
    {
        var options = fixture.Options with { Force = false };

        var error = Assert.Throws<ArgumentException>(() => SyntheticTestSetGenerator.Generate(options));

        Assert.Contains("pass --force", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Force_RewritesIdenticalFilesAndDropsStaleOnes()
    {
        string stale = Path.Combine(fixture.DatasetDirectory, "train", "axial", "0999.npy");
        File.WriteAllBytes(stale, [1, 2, 3]);

        SyntheticTestSetGenerator.Generate(fixture.Options with { Force = true, MaxDegreeOfParallelism = 1 + (Environment.ProcessorCount / 2) });

        Assert.False(File.Exists(stale));
        Assert.Equal(fixture.Hashes, SyntheticDataSetFixture.HashFiles(fixture.DatasetDirectory));
    }

    private IEnumerable<string> CaseIds(string split) =>
        File.ReadAllLines(MrnetLayout.LabelPath(fixture.DatasetDirectory, split, "abnormal")).Select(l => l.Split(',')[0]);

    private (int Slices, int Height, int Width) ReadHeader(string split, string plane, string caseId)
    {
        using var stream = File.OpenRead(MrnetLayout.VolumePath(fixture.DatasetDirectory, split, plane, caseId));
        return NpyFile.ReadHeader(stream);
    }

    private static double BrightFraction(NpyVolume volume, int left, int right, int top, int bottom)
    {
        const int Bright = 230;
        double best = 0;
        for (int k = 0; k < volume.Slices; k++)
        {
            int count = 0;
            for (int y = top; y < bottom; y++)
            {
                var row = volume.Voxels.AsSpan((k * 256 * 256) + (y * 256) + left, right - left);
                foreach (byte value in row)
                {
                    count += value >= Bright ? 1 : 0;
                }
            }

            best = Math.Max(best, (double)count / ((right - left) * (bottom - top)));
        }

        return best;
    }
}
