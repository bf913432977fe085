using System.Security.Claims;
using Leaderboard.Api.Authentication;
using Leaderboard.Api.Submissions;
using Leaderboard.Infrastructure.Persistence;
using Leaderboard.Infrastructure.Persistence.Entities;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Leaderboard.Api.Apis;

public static class SubmissionsApi
{
    private const int MaxModelNameLength = 100;

    public static IEndpointRouteBuilder MapSubmissionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization();

        api.MapPost("/competitions/{competition}/phases/{phase}/submissions", UploadAsync);
        api.MapGet("/competitions/{competition}/phases/{phase}/submissions", ListOwnAsync);
        api.MapGet("/submissions/{id:guid}", GetAsync);

        return app;
    }

    /// <summary>
    /// Accepts a <c>docker save</c> archive as the raw request body, streamed to disk and never
    /// held in memory. Metadata comes in the query: <c>model_name</c> (required) and <c>model_url</c>.
    /// </summary>
    public static async Task<Results<Accepted<SubmissionView>, ProblemHttpResult>> UploadAsync(
        string competition,
        string phase,
        HttpContext context,
        LeaderboardDbContext db,
        SubmissionIntake intake,
        CancellationToken cancellationToken)
    {
        if (context.User.GetTeamId() is not { } teamId)
        {
            return Problem(StatusCodes.Status403Forbidden, "Only a team token can submit.", "Use the token printed by 'leaderboard team create'.");
        }

        var metadataError = ReadMetadata(context.Request.Query, out var modelName, out var modelUrl);
        if (metadataError is not null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid submission metadata", metadataError);
        }

        var target = await FindPhaseAsync(db, competition, phase, cancellationToken);
        if (target is null)
        {
            return Problem(StatusCodes.Status404NotFound, "Phase not found", $"No phase '{phase}' in competition '{competition}'.");
        }

        if (context.Request.ContentLength > target.MaxUploadBytes)
        {
            return Problem(StatusCodes.Status413RequestEntityTooLarge, "Upload too large",
                $"Content-Length {context.Request.ContentLength} exceeds this phase's limit of {target.MaxUploadBytes} bytes.", "too_large");
        }

        // Kestrel's default body limit is 30 MB; the phase's own limit applies instead.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = target.MaxUploadBytes + 1;
        }

        var result = await intake.SubmitAsync(target, teamId, modelName!, modelUrl, context.Request.Body, cancellationToken);
        if (result.Submission is not { } submission)
        {
            if (result.RetryAfter is { } wait)
            {
                context.Response.Headers.RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Problem(result.StatusCode, "Submission rejected", result.Message!, result.Reason);
        }

        var view = await LoadViewAsync(db, submission.Id, includeFullLog: false, cancellationToken);
        return TypedResults.Accepted(view!.Url, view);
    }

    public static async Task<Results<Ok<SubmissionView>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, LeaderboardDbContext db, CancellationToken cancellationToken)
    {
        var submission = await db.Submissions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        var mayRead = submission is not null && (user.IsOrganizer() || submission.TeamId == user.GetTeamId());
        if (!mayRead)
        {
            // Another team's submission reads as missing, so ids reveal nothing.
            return Problem(StatusCodes.Status404NotFound, "Submission not found", $"No submission '{id}' for this token.");
        }

        var view = await LoadViewAsync(db, id, includeFullLog: user.IsOrganizer(), cancellationToken);
        return TypedResults.Ok(view!);
    }

    public static async Task<Results<Ok<List<SubmissionView>>, ProblemHttpResult>> ListOwnAsync(
        string competition, string phase, ClaimsPrincipal user, LeaderboardDbContext db, CancellationToken cancellationToken)
    {
        var target = await FindPhaseAsync(db, competition, phase, cancellationToken);
        if (target is null)
        {
            return Problem(StatusCodes.Status404NotFound, "Phase not found", $"No phase '{phase}' in competition '{competition}'.");
        }

        var teamId = user.GetTeamId();
        var isOrganizer = user.IsOrganizer();
        var submissions = await SubmissionsWithResults(db)
            .Where(s => s.PhaseId == target.Id && (isOrganizer || s.TeamId == teamId))
            .OrderByDescending(s => s.SubmittedAt)
            .ToListAsync(cancellationToken);

        return TypedResults.Ok(submissions.Select(s => ToView(s, isOrganizer)).ToList());
    }

    internal static Task<Phase?> FindPhaseAsync(LeaderboardDbContext db, string competition, string phase, CancellationToken cancellationToken) =>
        db.Phases.AsNoTracking()
            .Include(p => p.Competition)
            .SingleOrDefaultAsync(p => p.Slug == phase && p.Competition!.Slug == competition, cancellationToken);

    private static async Task<SubmissionView?> LoadViewAsync(LeaderboardDbContext db, Guid id, bool includeFullLog, CancellationToken cancellationToken)
    {
        var submission = await SubmissionsWithResults(db).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        return submission is null ? null : ToView(submission, includeFullLog);
    }

    private static IQueryable<Submission> SubmissionsWithResults(LeaderboardDbContext db) => db.Submissions.AsNoTracking()
        .Include(s => s.Team)
        .Include(s => s.Phase!).ThenInclude(p => p.Competition)
        .Include(s => s.Evaluations).ThenInclude(e => e.TaskScores)
        .AsSplitQuery();

    /// <summary>Shows the evaluation on the phase's active test-set version, else the latest one.</summary>
    private static SubmissionView ToView(Submission submission, bool includeFullLog)
    {
        var evaluation = submission.Evaluations
            .Where(e => e.TestSetVersionId == submission.Phase!.ActiveTestSetVersionId)
            .FirstOrDefault() ?? submission.Evaluations.OrderByDescending(e => e.QueuedAt).FirstOrDefault();
        return SubmissionViews.ToView(submission, evaluation, includeFullLog);
    }

    private static string? ReadMetadata(IQueryCollection query, out string? modelName, out string? modelUrl)
    {
        modelName = query["model_name"].FirstOrDefault()?.Trim();
        modelUrl = query["model_url"].FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(modelName))
        {
            return "The query parameter 'model_name' is required, for example '?model_name=resnet-baseline'.";
        }

        if (modelName.Length > MaxModelNameLength || modelName.Any(char.IsControl))
        {
            return $"'model_name' must be 1 to {MaxModelNameLength} printable characters.";
        }

        if (!string.IsNullOrEmpty(modelUrl) &&
            (!Uri.TryCreate(modelUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
        {
            return $"'model_url' must be an absolute http or https URL; '{modelUrl}' is not.";
        }

        modelUrl = string.IsNullOrEmpty(modelUrl) ? null : modelUrl;
        return null;
    }

    private static ProblemHttpResult Problem(int status, string title, string detail, string? reason = null)
    {
        var extensions = reason is null ? null : new Dictionary<string, object?> { ["reason"] = reason };

        // ASP.NET Core fills 'type' for common statuses only; 429 is defined in RFC 6585.
        var type = status == StatusCodes.Status429TooManyRequests ? "https://www.rfc-editor.org/rfc/rfc6585#section-4" : null;
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, type: type, extensions: extensions);
    }
}
