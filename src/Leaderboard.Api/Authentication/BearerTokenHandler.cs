using System.Security.Claims;
using System.Text.Encodings.Web;
using Leaderboard.Infrastructure.Persistence;
using Leaderboard.Infrastructure.Persistence.Entities;
using Leaderboard.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Leaderboard.Api.Authentication;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;token&gt;</c> by looking up the token's SHA-256;
/// the secret itself is never stored or logged.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    LeaderboardDbContext db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string TeamIdClaim = "team_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <token>'.");
        }

        var hash = ApiTokens.Hash(header["Bearer ".Length..].Trim());
        var token = await db.ApiTokens.AsNoTracking()
            .Include(t => t.Team)
            .SingleOrDefaultAsync(t => t.SecretHash == hash && t.RevokedAt == null, Context.RequestAborted);
        if (token is null)
        {
            return AuthenticateResult.Fail("The bearer token is unknown or revoked.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, token.Id.ToString()),
            new(ClaimTypes.Role, token.Role.ToString()),
        };
        if (token.Team is { } team)
        {
            claims.Add(new Claim(TeamIdClaim, team.Id.ToString()));
            claims.Add(new Claim(ClaimTypes.Name, team.Name));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Authentication required",
                detail: failure ?? "Send the team's token as 'Authorization: Bearer <token>'. Organizers create tokens with 'leaderboard team create'.")
            .ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        await Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden",
                detail: "This token may not perform this action.")
            .ExecuteAsync(Context);
    }
}

public static class LeaderboardClaims
{
    public static Guid? GetTeamId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(BearerTokenHandler.TeamIdClaim), out var id) ? id : null;

    public static bool IsOrganizer(this ClaimsPrincipal user) => user.IsInRole(nameof(ApiTokenRole.Organizer));
}
