namespace Leaderboard.Domain.Predictions;

/// <summary>
/// Collects error or warning messages but keeps only the first <see cref="Limit"/>, so one
/// systematic mistake repeated on every row yields a readable list ending "… and N more".
/// </summary>
internal sealed class CappedMessageList(string pluralNoun)
{
    public const int Limit = 20;

    private readonly List<string> _messages = [];

    public int Count { get; private set; }

    public void Add(string message)
    {
        Count++;
        if (_messages.Count < Limit)
        {
            _messages.Add(message);
        }
    }

    public IReadOnlyList<string> ToList()
    {
        if (Count <= Limit)
        {
            return [.. _messages];
        }

        return [.. _messages, $"… and {Count - Limit} more {pluralNoun}."];
    }
}
