using System.Text.Json;
using Leaderboard.Domain.Scoring;
using Leaderboard.Domain.TestSets;

namespace Leaderboard.Cli;

/// <summary>The JSON shape of scores shared by 'score' and 'run-local'.</summary>
internal static class ScoreReportJson
{
    /// <summary>Writes one object per task (auc, ci_low, ci_high) and "mean_auc" into the open JSON object.</summary>
    public static void WriteScoreProperties(Utf8JsonWriter writer, ScoreReport report)
    {
        foreach (var task in report.Tasks)
        {
            writer.WriteStartObject(task.Task.ToName());
            writer.WriteNumber("auc", task.Auc);
            writer.WriteNumber("ci_low", task.CiLow);
            writer.WriteNumber("ci_high", task.CiHigh);
            writer.WriteEndObject();
        }

        writer.WriteStartObject("mean_auc");
        writer.WriteNumber("value", report.MeanAuc.Value);
        writer.WriteNumber("ci_low", report.MeanAuc.CiLow);
        writer.WriteNumber("ci_high", report.MeanAuc.CiHigh);
        writer.WriteEndObject();
    }
}
