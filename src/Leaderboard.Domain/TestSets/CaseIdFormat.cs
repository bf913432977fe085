using System.Diagnostics.CodeAnalysis;

namespace Leaderboard.Domain.TestSets;

/// <summary>The MRNet case id format: exactly four ASCII digits, zero-padded (0000, 1130, 1250).</summary>
public static class CaseIdFormat
{
    public const int Length = 4;

    /// <summary>A sentence for error messages that shows the expected format.</summary>
    public const string Description = "A case id is four digits, zero-padded (for example 0042 or 1250).";

    public static bool IsValid([NotNullWhen(true)] string? caseId) =>
        caseId is { Length: Length } && caseId.All(char.IsAsciiDigit);
}
