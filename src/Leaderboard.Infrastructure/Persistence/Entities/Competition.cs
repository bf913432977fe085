namespace Leaderboard.Infrastructure.Persistence.Entities;

public sealed class Competition
{
    public Guid Id { get; set; }

    /// <summary>URL name, unique, such as <c>mrnet</c>.</summary>
    public required string Slug { get; set; }

    public required string Title { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<Phase> Phases { get; set; } = [];
}
