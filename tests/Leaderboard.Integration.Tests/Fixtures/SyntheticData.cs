using Leaderboard.Infrastructure.TestSets;

namespace Leaderboard.Integration.Tests.Fixtures;

/// <summary>
/// One synthetic MRNet data set for the whole test run, written by the product's generator with
/// a fixed seed. Tests only read it, so sharing it shares no state between test classes.
/// </summary>
internal static class SyntheticData
{
    public const ulong Seed = 20261204;

    private static readonly Lazy<string> Root = new(Generate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The folder that contains MRNet-v1.0.</summary>
    public static string Directory => Root.Value;

    public static string DatasetDirectory => Path.Combine(Directory, MrnetLayout.DatasetFolderName);

    private static string Generate()
    {
        var output = TestEnvironment.CreateTempDirectory("synthetic");
        SyntheticTestSetGenerator.Generate(new SyntheticTestSetOptions
        {
            OutputDirectory = output,
            Seed = Seed,
            TrainExams = SyntheticTestSetOptions.MinExams,
            ValidExams = SyntheticTestSetOptions.MinExams,
        });
        return output;
    }
}
