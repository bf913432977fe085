using Leaderboard.Infrastructure.TestSets;

namespace Leaderboard.TestSets.Tests;

public sealed class SyntheticTestSetOptionsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"synth-options-{Guid.NewGuid():N}");

    public SyntheticTestSetOptionsTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Defaults_AreValid()
    {
        var options = new SyntheticTestSetOptions { OutputDirectory = _directory };

        Assert.Empty(options.Validate());
        Assert.Equal(300, options.TrainExams);
        Assert.Equal(120, options.ValidExams);
    }

    [Theory]
    [InlineData(1, 120, "--train-exams 1 is out of range; the train split takes 2 to 1130 exams (case ids 0000–1129).")]
    [InlineData(1131, 120, "--train-exams 1131 is out of range")]
    [InlineData(-5, 120, "--train-exams -5 is out of range")]
    [InlineData(300, 0, "--valid-exams 0 is out of range; the valid split takes 2 to 120 exams (case ids 1130–1249).")]
    [InlineData(300, 121, "--valid-exams 121 is out of range")]
    public void Validate_RejectsExamCountOutOfRange(int train, int valid, string expected)
    {
        var options = new SyntheticTestSetOptions { OutputDirectory = _directory, TrainExams = train, ValidExams = valid };

        var error = Assert.Single(options.Validate());

        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RejectsNonEmptyDatasetWithoutForce()
    {
        string dataset = Path.Combine(_directory, "MRNet-v1.0");
        Directory.CreateDirectory(dataset);
        File.WriteAllText(Path.Combine(dataset, "train-acl.csv"), "0000,1\n");

        var error = Assert.Single(new SyntheticTestSetOptions { OutputDirectory = _directory }.Validate());

        Assert.Contains("already exists and is not empty; pass --force", error, StringComparison.Ordinal);
        Assert.Empty(new SyntheticTestSetOptions { OutputDirectory = _directory, Force = true }.Validate());
    }

    [Fact]
    public void Validate_AcceptsEmptyDataset()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "MRNet-v1.0"));

        Assert.Empty(new SyntheticTestSetOptions { OutputDirectory = _directory }.Validate());
    }

    [Fact]
    public void Validate_RejectsOutputThatIsFile()
    {
        string file = Path.Combine(_directory, "not-a-folder");
        File.WriteAllText(file, "x");

        var error = Assert.Single(new SyntheticTestSetOptions { OutputDirectory = file }.Validate());

        Assert.Contains("is a file; pass a directory to --out", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RejectsLinkedDataset()
    {
        string target = Path.Combine(_directory, "elsewhere");
        Directory.CreateDirectory(target);
        Directory.CreateSymbolicLink(Path.Combine(_directory, "MRNet-v1.0"), target);

        var error = Assert.Single(new SyntheticTestSetOptions { OutputDirectory = _directory, Force = true }.Validate());

        Assert.Contains("is a symbolic link", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReportsEveryProblem()
    {
        var options = new SyntheticTestSetOptions { OutputDirectory = " ", TrainExams = 0, ValidExams = 0, MaxDegreeOfParallelism = 0 };

        var errors = options.Validate();

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("The output directory is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_ThrowsOnInvalidOptions()
    {
        var options = new SyntheticTestSetOptions { OutputDirectory = _directory, TrainExams = 0 };

        var error = Assert.Throws<ArgumentException>(() => SyntheticTestSetGenerator.Generate(options));

        Assert.Contains("--train-exams 0", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }
}
