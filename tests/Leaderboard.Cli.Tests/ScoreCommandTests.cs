using System.Globalization;
using System.Text.Json;

namespace Leaderboard.Cli.Tests;

/// <summary>'leaderboard score' on label and prediction files written by the tests.</summary>
public sealed class ScoreCommandTests : IDisposable
{
    // 12 exams; labels per task chosen so every column has both classes.
    private static readonly int[] Abnormal = [1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1];
    private static readonly int[] Acl = [0, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1];
    private static readonly int[] Meniscus = [1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0];

    private readonly string _folder = Directory.CreateTempSubdirectory("mrnet-cli-score-").FullName;

    public ScoreCommandTests()
    {
        WriteLabels("abnormal", Abnormal);
        WriteLabels("acl", Acl);
        WriteLabels("meniscus", Meniscus);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Score_PrintsAucsEqualToPairCount()
    {
        var scores = Enumerable.Range(0, 12).Select(i => new[] { (i * 7 % 12) / 12.0, (i * 5 % 12) / 12.0, (i % 4) / 4.0 }).ToArray();
        var predictions = WritePredictions(string.Join('\n', scores.Select(s => string.Join(',', s.Select(v => v.ToString("R", CultureInfo.InvariantCulture))))) + "\n");

        var result = await CliProcess.RunAsync("score", "--labels", _folder, "--predictions", predictions);

        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        var abnormal = PairCountAuc(Abnormal, scores.Select(s => s[0]).ToArray());
        var acl = PairCountAuc(Acl, scores.Select(s => s[1]).ToArray());
        var meniscus = PairCountAuc(Meniscus, scores.Select(s => s[2]).ToArray());
        Assert.Equal(abnormal, json.GetProperty("abnormal").GetProperty("auc").GetDouble(), 1e-12);
        Assert.Equal(acl, json.GetProperty("acl").GetProperty("auc").GetDouble(), 1e-12);
        Assert.Equal(meniscus, json.GetProperty("meniscus").GetProperty("auc").GetDouble(), 1e-12);
        Assert.Equal((abnormal + acl + meniscus) / 3, json.GetProperty("mean_auc").GetProperty("value").GetDouble(), 1e-12);
        Assert.True(json.GetProperty("mean_auc").GetProperty("ci_low").GetDouble() <= json.GetProperty("mean_auc").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Score_InvalidValueExitsTwoNamingRow()
    {
        var lines = Enumerable.Repeat("0.5,0.5,0.5", 12).ToArray();
        lines[4] = "0.5,NaN,0.5";
        var predictions = WritePredictions(string.Join('\n', lines) + "\n");

        var result = await CliProcess.RunAsync("score", "--labels", _folder, "--predictions", predictions);

        Assert.Equal(2, result.ExitCode);
        var output = result.Stdout + result.Stderr;
        Assert.Contains("NaN", output, StringComparison.Ordinal);
        Assert.Contains("5", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_WrongRowCountExitsTwo()
    {
        var predictions = WritePredictions(string.Join('\n', Enumerable.Repeat("0.5,0.5,0.5", 11)) + "\n");

        var result = await CliProcess.RunAsync("score", "--labels", _folder, "--predictions", predictions);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("12", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_MissingPredictionsFileExitsTwo()
    {
        var result = await CliProcess.RunAsync("score", "--labels", _folder, "--predictions", Path.Combine(_folder, "absent.csv"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("absent.csv", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    private void WriteLabels(string task, int[] labels) =>
        File.WriteAllText(Path.Combine(_folder, $"valid-{task}.csv"),
            string.Concat(labels.Select((label, i) => $"{1130 + i},{label}\n")));

    private string WritePredictions(string content)
    {
        var path = Path.Combine(_folder, "predictions.csv");
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>AUC as the share of positive-negative pairs in the right order, ties counted one half.</summary>
    private static double PairCountAuc(int[] labels, double[] scores)
    {
        double wins = 0;
        long pairs = 0;
        for (var p = 0; p < labels.Length; p++)
        {
            for (var n = 0; n < labels.Length; n++)
            {
                if (labels[p] == 1 && labels[n] == 0)
                {
                    pairs++;
                    if (scores[p] > scores[n])
                    {
                        wins += 1;
                    }
                    else if (scores[p] == scores[n])
                    {
                        wins += 0.5;
                    }
                }
            }
        }

        return wins / pairs;
    }
}
