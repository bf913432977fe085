using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Leaderboard.Domain.Predictions;
using Leaderboard.Domain.Scoring;
using Leaderboard.Domain.TestSets;

namespace Leaderboard.Cli.Commands;

/// <summary>
/// <c>score</c>: scores one prediction file against a split's label files and prints the
/// report as JSON. Exit code 0 on success, 2 when the labels or predictions are invalid.
/// </summary>
internal static class ScoreCommand
{
    private const int InvalidInput = 2;

    // The JSON goes to a terminal or a file, never into HTML, so quotes and non-ASCII
    // characters in messages are written as they are instead of as \u escapes.
    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var labels = new Option<string>("--labels")
        {
            Description = "Folder with the label files <split>-abnormal.csv, <split>-acl.csv and <split>-meniscus.csv (MRNet-v1.0, or the folder that contains it).",
            Required = true,
        };
        var predictions = new Option<string>("--predictions")
        {
            Description = "Prediction CSV: one row per exam in ascending case order (abnormal,acl,meniscus), or the header case,abnormal,acl,meniscus and one row per case id.",
            Required = true,
        };
        var split = new Option<string?>("--split")
        {
            Description = "Label file prefix, such as valid. Needed only when the directory holds more than one split.",
        };

        var command = new Command("score", "Score a prediction file: per-task ROC AUC with 95% DeLong intervals and the mean AUC with a 95% paired-bootstrap interval, as JSON.");
        command.Options.Add(labels);
        command.Options.Add(predictions);
        command.Options.Add(split);
        command.SetAction(parseResult => Run(parseResult.GetValue(labels)!, parseResult.GetValue(predictions)!, parseResult.GetValue(split)));
        return command;
    }

    private static int Run(string labelDirectory, string predictionPath, string? split)
    {
        // The folder that contains MRNet-v1.0 works too, as it does for run-local and testset register.
        var nested = Path.Combine(labelDirectory, "MRNet-v1.0");
        if (Directory.Exists(nested))
        {
            labelDirectory = nested;
        }

        if (split is null)
        {
            split = DetectSplit(labelDirectory, out var splitError);
            if (split is null)
            {
                return Reject([splitError!], []);
            }
        }

        var labelResult = TestSetLabels.ReadSplit(labelDirectory, split);
        if (!labelResult.IsValid)
        {
            return Reject(labelResult.Errors, []);
        }

        var labels = labelResult.Labels!;
        var parsed = ReadPredictions(predictionPath, labels);
        if (!parsed.IsValid)
        {
            return Reject(parsed.Errors, parsed.Warnings);
        }

        var seed = BootstrapSeed.FromTestSetVersion(HashLabelFiles(labelDirectory, split));
        var report = Scorer.Score(labels, parsed.Predictions!, seed);
        WriteReport(report, parsed.Warnings);
        return 0;
    }

    /// <summary>Returns the only split in the directory, or null with an error when there is none or more than one.</summary>
    private static string? DetectSplit(string labelDirectory, out string? error)
    {
        if (!Directory.Exists(labelDirectory))
        {
            error = $"The label directory {labelDirectory} does not exist.";
            return null;
        }

        var splits = TestSetLabels.FindSplits(labelDirectory);
        error = splits.Count switch
        {
            0 => $"No label files found in {labelDirectory}. Expected <split>-abnormal.csv, <split>-acl.csv and <split>-meniscus.csv, such as valid-abnormal.csv.",
            > 1 => $"{labelDirectory} holds label files of {splits.Count} splits ({string.Join(", ", splits)}). Choose one with --split.",
            _ => null,
        };
        return error is null ? splits[0] : null;
    }

    private static PredictionParseResult ReadPredictions(string path, TestSetLabels labels)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return new PredictionParseResult(null, [$"The prediction file {path} does not exist."], []);
        }

        // Checked before reading, so an oversized file is never loaded into memory.
        if (file.Length > PredictionParser.DefaultMaxBytes)
        {
            return PredictionParser.TooLarge(file.Length, PredictionParser.DefaultMaxBytes);
        }

        try
        {
            return PredictionParser.Parse(File.ReadAllBytes(path), labels.CaseIds);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new PredictionParseResult(null, [$"Cannot read the prediction file {path}: {ex.Message}"], []);
        }
    }

    /// <summary>Hashes the bytes of the three label files, in task order, as the test-set version that seeds the bootstrap.</summary>
    private static string HashLabelFiles(string labelDirectory, string split) =>
        BootstrapSeed.ComputeContentHash(MrnetTasks.All.Select(task => File.ReadAllBytes(Path.Combine(labelDirectory, TestSetLabels.FileName(split, task)))));

    private static int Reject(IReadOnlyList<string> errors, IReadOnlyList<string> warnings)
    {
        foreach (var error in errors)
        {
            Console.Error.WriteLine($"error: {error}");
        }

        WriteJson(writer =>
        {
            WriteStrings(writer, "errors", errors);
            WriteStrings(writer, "warnings", warnings);
        });
        return InvalidInput;
    }

    private static void WriteReport(ScoreReport report, IReadOnlyList<string> warnings)
    {
        WriteJson(writer =>
        {
            ScoreReportJson.WriteScoreProperties(writer, report);
            WriteStrings(writer, "warnings", warnings);
            writer.WriteString("scorer_version", report.ScorerVersion);
        });
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteJson(Action<Utf8JsonWriter> writeProperties)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stdout, JsonOptions))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        stdout.Write("\n"u8);
    }
}
