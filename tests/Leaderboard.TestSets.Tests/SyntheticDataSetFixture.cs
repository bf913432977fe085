using System.Security.Cryptography;
using Leaderboard.Infrastructure.TestSets;

namespace Leaderboard.TestSets.Tests;

/// <summary>
/// One generated data set shared by the generator tests: 2 train, 2 valid and the full
/// 120 test exams for seed 42, about 0.9 GB under the temporary folder, removed afterwards.
/// </summary>
public sealed class SyntheticDataSetFixture : IDisposable
{
    public const ulong Seed = 42;

    public SyntheticDataSetFixture()
    {
        OutputDirectory = Path.Combine(Path.GetTempPath(), $"synth-{Guid.NewGuid():N}");
        Options = new SyntheticTestSetOptions { OutputDirectory = OutputDirectory, Seed = Seed, TrainExams = 2, ValidExams = 2 };
        Summary = SyntheticTestSetGenerator.Generate(Options);
        Hashes = HashFiles(Summary.DatasetDirectory);
    }

    public string OutputDirectory { get; }

    public SyntheticTestSetOptions Options { get; }

    public SyntheticTestSetSummary Summary { get; }

    public string DatasetDirectory => Summary.DatasetDirectory;

    /// <summary>SHA-256 of every file right after generation, by path relative to the dataset folder.</summary>
    public IReadOnlyDictionary<string, string> Hashes { get; }

    public static Dictionary<string, string> HashFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(
                path => Path.GetRelativePath(directory, path),
                path => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))));

    public void Dispose()
    {
        if (Directory.Exists(OutputDirectory))
        {
            Directory.Delete(OutputDirectory, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SyntheticDataSetCollection : ICollectionFixture<SyntheticDataSetFixture>
{
    public const string Name = "synthetic data set";
}
