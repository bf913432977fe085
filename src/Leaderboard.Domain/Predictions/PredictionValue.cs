using System.Globalization;
using System.Text.RegularExpressions;

namespace Leaderboard.Domain.Predictions;

/// <summary>
/// Reads one predicted value: a finite decimal number in the invariant culture, with an
/// optional sign, decimal point and exponent (0.73, -1, .5, 7.3e-1). Everything else is
/// rejected with a reason the competitor can act on.
/// </summary>
internal static partial class PredictionValue
{
    public const string Example = "a decimal number with a point, such as 0.73 or 7.3e-1";

    private static readonly HashSet<string> NotANumberSpellings = new(StringComparer.OrdinalIgnoreCase) { "nan", "+nan", "-nan" };

    private static readonly HashSet<string> InfinitySpellings = new(StringComparer.OrdinalIgnoreCase)
    {
        "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "∞", "+∞", "-∞",
    };

    /// <summary>Whether the cell spells NaN or infinity, which are values to reject rather than column names.</summary>
    public static bool IsSpecialValue(string cell) => NotANumberSpellings.Contains(cell) || InfinitySpellings.Contains(cell);

    /// <summary>Parses a trimmed cell. Returns null on success, or else the reason it was rejected.</summary>
    public static string? TryParse(string cell, out double value)
    {
        value = double.NaN;
        if (cell.Length == 0)
        {
            return $"the value is empty. Write {Example}.";
        }

        if (NotANumberSpellings.Contains(cell))
        {
            return $"the value {TextLines.Quote(cell)} is NaN. Write a finite number for every exam.";
        }

        if (InfinitySpellings.Contains(cell))
        {
            return $"the value {TextLines.Quote(cell)} is infinite. Write a finite number.";
        }

        if (DecimalNumber().IsMatch(cell))
        {
            value = double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);
            return double.IsFinite(value)
                ? null
                : $"the value {TextLines.Quote(cell)} is too large for a double and would be infinite. Write a finite number.";
        }

        return DescribeNonNumber(cell);
    }

    private static string DescribeNonNumber(string cell)
    {
        if (GroupedThousands().IsMatch(cell))
        {
            return $"the value {TextLines.Quote(cell)} contains a thousands separator. Write digits only, with a decimal point (for example 1250.5).";
        }

        if (cell.Length >= 2 && cell[0] == '"' && cell[^1] == '"')
        {
            return $"the value {TextLines.Quote(cell)} is quoted. Write the number without quotes.";
        }

        return $"the value {TextLines.Quote(cell)} is not a number. Write {Example}.";
    }

    // [0-9] rather than \d, which in .NET also matches non-ASCII digits.
    [GeneratedRegex(@"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalNumber();

    [GeneratedRegex(@"^[+-]?[0-9]{1,3}([ '_\u00A0\u202F][0-9]{3})+(\.[0-9]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupedThousands();
}
