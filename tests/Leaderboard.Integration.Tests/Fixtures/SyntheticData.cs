using Leaderboard.Infrastructure.TestSets;

namespace Leaderboard.Integration.Tests.Fixtures;

/// <summary>
/// One synthetic MRNet data set for all test runs on a machine, written by the product's
/// generator with a fixed seed. Tests only read it, so sharing it shares no state between
/// test classes. The generator moves a finished data set into place in one step, so a folder
/// with the last label file is complete and later runs reuse it instead of writing 0.9 GB again.
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
        // The generator version is part of the name, so a changed generator never reuses old files.
        var version = typeof(SyntheticTestSetGenerator).Assembly.ManifestModule.ModuleVersionId;
        var output = Path.Combine(Path.GetTempPath(), $"mrnet-tests-synthetic-{Seed}-{version:N}");
        if (File.Exists(MrnetLayout.LabelPath(Path.Combine(output, MrnetLayout.DatasetFolderName), "test", "meniscus")))
        {
            return output;
        }

        foreach (var stale in System.IO.Directory.EnumerateDirectories(Path.GetTempPath(), "mrnet-tests-synthetic-*"))
        {
            System.IO.Directory.Delete(stale, recursive: true);
        }

        System.IO.Directory.CreateDirectory(output);
        SyntheticTestSetGenerator.Generate(new SyntheticTestSetOptions
        {
            OutputDirectory = output,
            Seed = Seed,
            TrainExams = SyntheticTestSetOptions.MinExams,
            ValidExams = SyntheticTestSetOptions.MinExams,
            Force = true,
        });
        return output;
    }
}
