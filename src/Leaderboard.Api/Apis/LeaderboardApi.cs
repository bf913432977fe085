using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Leaderboard.Api.Leaderboards;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Leaderboard.Api.Apis;

/// <summary>
/// The public leaderboard as JSON, CSV and HTML, with no login. Every form carries a strong
/// ETag over its body and the time of the phase's last change, so clients revalidate cheaply.
/// </summary>
public static class LeaderboardApi
{
    public static IEndpointRouteBuilder MapLeaderboardApi(this IEndpointRouteBuilder app)
    {
        // HEAD lets caches revalidate without the body; Kestrel omits the body for HEAD itself.
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/api/v1/competitions/{competition}/phases/{phase}/leaderboard", methods, GetJsonAsync);
        app.MapMethods("/api/v1/competitions/{competition}/phases/{phase}/leaderboard.csv", methods, GetCsvAsync);
        app.MapMethods("/competitions/{competition}/phases/{phase}", methods, GetPageAsync);
        app.MapGet("/", GetDefaultPage);
        return app;
    }

    public static async Task<Results<ContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> GetJsonAsync(
        string competition, string phase, HttpContext context, LeaderboardQuery query, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var view = await query.BuildAsync(competition, phase, cancellationToken);
        return view is null
            ? NotFound(competition, phase)
            : Respond(context, JsonSerializer.Serialize(view, json.Value.SerializerOptions), "application/json; charset=utf-8", view.LastUpdated);
    }

    public static async Task<Results<ContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> GetCsvAsync(
        string competition, string phase, HttpContext context, LeaderboardQuery query, CancellationToken cancellationToken)
    {
        var view = await query.BuildAsync(competition, phase, cancellationToken);
        return view is null
            ? NotFound(competition, phase)
            : Respond(context, LeaderboardFormats.ToCsv(view), "text/csv; charset=utf-8; header=present", view.LastUpdated);
    }

    public static async Task<Results<ContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> GetPageAsync(
        string competition, string phase, HttpContext context, LeaderboardQuery query, CancellationToken cancellationToken)
    {
        var view = await query.BuildAsync(competition, phase, cancellationToken);
        return view is null
            ? NotFound(competition, phase)
            : Respond(context, LeaderboardFormats.ToHtml(view), "text/html; charset=utf-8", view.LastUpdated);
    }

    /// <summary>The site root shows the leaderboard named in configuration (Leaderboard:DefaultPhase, "competition/phase").</summary>
    public static RedirectHttpResult GetDefaultPage(IConfiguration configuration)
    {
        var parts = (configuration["Leaderboard:DefaultPhase"] ?? "mrnet/test").Split('/', 2);
        var competition = Uri.EscapeDataString(parts[0]);
        var phase = Uri.EscapeDataString(parts.Length == 2 ? parts[1] : "test");
        return TypedResults.Redirect($"/competitions/{competition}/phases/{phase}");
    }

    private static Results<ContentHttpResult, StatusCodeHttpResult, ProblemHttpResult> Respond(
        HttpContext context, string body, string contentType, DateTimeOffset? lastModified)
    {
        var etag = new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..32] + "\"");
        var headers = context.Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.LastModified = lastModified;
        headers.CacheControl = new CacheControlHeaderValue { Public = true, NoCache = true };

        var request = context.Request.GetTypedHeaders();
        var notModified = request.IfNoneMatch.Count > 0
            // If-None-Match uses the weak comparison (RFC 9110, section 13.1.2), so W/"x" matches "x".
            ? request.IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false))
            : request.IfModifiedSince is { } since && lastModified is { } modified && modified.AddTicks(-(modified.Ticks % TimeSpan.TicksPerSecond)) <= since;
        return notModified
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Content(body, contentType, Encoding.UTF8);
    }

    private static ProblemHttpResult NotFound(string competition, string phase) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Phase not found", detail: $"No phase '{phase}' in competition '{competition}'.");
}
