namespace Leaderboard.Infrastructure.Persistence.Entities;

public sealed class Team
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public string? Affiliation { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public enum ApiTokenRole
{
    Competitor,
    Organizer,
}

/// <summary>
/// A bearer token. Only the SHA-256 of the secret is stored; the secret is shown once,
/// when the token is created. Tokens are random 256-bit values, so an unsalted hash is
/// enough: there is no dictionary to attack.
/// </summary>
public sealed class ApiToken
{
    public Guid Id { get; set; }

    /// <summary>The team the token acts for; null for an organizer token.</summary>
    public Guid? TeamId { get; set; }

    public Team? Team { get; set; }

    public ApiTokenRole Role { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole token string.</summary>
    public required string SecretHash { get; set; }

    /// <summary>The first characters of the token, safe to show and to log.</summary>
    public required string DisplayPrefix { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
