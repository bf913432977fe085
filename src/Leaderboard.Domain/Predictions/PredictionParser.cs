namespace Leaderboard.Domain.Predictions;

// PLACEHOLDER: the scoring work replaces this whole file.
public sealed record PredictionParseResult(IReadOnlyList<ExamPrediction>? Predictions, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    public bool IsValid => Predictions is not null && Errors.Count == 0;
}

public static class PredictionParser
{
    public const int DefaultMaxBytes = 1_048_576;

    public static PredictionParseResult Parse(ReadOnlySpan<byte> content, IReadOnlyList<string> expectedCaseIds, int maxBytes = DefaultMaxBytes) =>
        throw new NotImplementedException();
}
