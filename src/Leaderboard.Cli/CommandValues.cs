using System.Globalization;
using System.Text.RegularExpressions;

namespace Leaderboard.Cli;

/// <summary>Parses the durations and sizes that several commands take, such as '20s' or '512m'.</summary>
internal static partial class CommandValues
{
    /// <summary>Parses '20s', '5m', '1h30m' or '250ms'; adds a message naming the option on failure.</summary>
    public static TimeSpan ParseDuration(string text, string option, List<string> errors)
    {
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success || match.Length == 0)
        {
            errors.Add($"{option} '{text}' is not a duration such as 20s, 5m or 1h30m.");
            return TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unitStart = part.Value.IndexOfAny(['m', 's', 'h']);
            var value = double.Parse(part.Value[..unitStart], CultureInfo.InvariantCulture);
            total += part.Value[unitStart..] switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                _ => TimeSpan.FromHours(value),
            };
        }

        return total;
    }

    /// <summary>Parses bytes with an optional binary unit: '512m', '2g', '64k' or '1073741824'.</summary>
    public static long ParseBytes(string text, string option, List<string> errors)
    {
        var match = BytesPattern().Match(text.Trim().ToLowerInvariant());
        if (!match.Success)
        {
            errors.Add($"{option} '{text}' is not a size such as 512m, 2g or 1073741824.");
            return 0;
        }

        var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        var scale = match.Groups["unit"].Value switch
        {
            "k" => 1024d,
            "m" => 1024d * 1024,
            "g" => 1024d * 1024 * 1024,
            _ => 1d,
        };
        return (long)Math.Round(value * scale);
    }

    [GeneratedRegex(@"^(?<part>[0-9]+(\.[0-9]+)?(ms|s|m|h))+$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^(?<value>[0-9]+(\.[0-9]+)?)(?<unit>[kmg]?)b?$")]
    private static partial Regex BytesPattern();
}
