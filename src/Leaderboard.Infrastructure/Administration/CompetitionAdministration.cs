using System.Text.RegularExpressions;
using Leaderboard.Domain.TestSets;
using Leaderboard.Infrastructure.Persistence;
using Leaderboard.Infrastructure.Persistence.Entities;
using Leaderboard.Infrastructure.Sandbox;
using Leaderboard.Infrastructure.Security;
using Leaderboard.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;

namespace Leaderboard.Infrastructure.Administration;

/// <summary>The organizers' set-up steps: competitions, phases, test sets, teams and tokens.</summary>
public sealed partial class CompetitionAdministration(LeaderboardDbContext db, TimeProvider clock)
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex SlugPattern();

    public async Task<Competition> CreateCompetitionAsync(string slug, string title, CancellationToken cancellationToken)
    {
        CheckSlug(slug, "competition");
        if (await db.Competitions.AnyAsync(c => c.Slug == slug, cancellationToken))
        {
            throw new AdministrationException($"Competition '{slug}' already exists.");
        }

        var competition = new Competition { Id = Guid.CreateVersion7(), Slug = slug, Title = title, CreatedAt = clock.GetUtcNow() };
        db.Competitions.Add(competition);
        await db.SaveChangesAsync(cancellationToken);
        return competition;
    }

    public async Task<Phase> CreatePhaseAsync(string competitionSlug, string slug, string title, PhaseSettings settings, CancellationToken cancellationToken)
    {
        CheckSlug(slug, "phase");
        settings.Validate();
        var competition = await db.Competitions.SingleOrDefaultAsync(c => c.Slug == competitionSlug, cancellationToken)
            ?? throw new AdministrationException($"Competition '{competitionSlug}' not found. Create it with 'leaderboard competition create'.");
        if (await db.Phases.AnyAsync(p => p.CompetitionId == competition.Id && p.Slug == slug, cancellationToken))
        {
            throw new AdministrationException($"Phase '{slug}' already exists in competition '{competitionSlug}'.");
        }

        var phase = new Phase
        {
            Id = Guid.CreateVersion7(),
            CompetitionId = competition.Id,
            Slug = slug,
            Title = title,
            DailySubmissionLimit = settings.DailyLimit,
            TotalSubmissionLimit = settings.TotalLimit,
            ConcurrentRunLimit = settings.ConcurrentLimit,
            MaxUploadBytes = settings.MaxUploadBytes,
            SandboxPolicy = settings.Policy,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Phases.Add(phase);
        await db.SaveChangesAsync(cancellationToken);
        return phase;
    }

    /// <summary>
    /// Registers an MRNet-layout folder's split as the phase's new active test-set version.
    /// <paramref name="directory"/> is the folder that contains <c>MRNet-v1.0</c>, or that folder
    /// itself. The labels are read into the database; the exams stay in place and are hashed.
    /// </summary>
    public async Task<TestSetVersion> RegisterTestSetAsync(string competitionSlug, string phaseSlug, string directory, string split, CancellationToken cancellationToken)
    {
        var phase = await FindPhaseAsync(competitionSlug, phaseSlug, cancellationToken);
        var mrnetRoot = ResolveMrnetRoot(directory);
        var labels = TestSetLabels.ReadSplit(mrnetRoot, split);
        if (!labels.IsValid)
        {
            throw new AdministrationException($"The labels of split '{split}' in '{mrnetRoot}' are invalid:\n  " + string.Join("\n  ", labels.Errors));
        }

        var examDirectory = Path.Combine(mrnetRoot, split);
        CheckExamFiles(examDirectory, labels.Labels!);
        var hash = await DirectoryHasher.ComputeAsync(examDirectory, cancellationToken);

        var number = 1 + (await db.TestSetVersions.Where(v => v.PhaseId == phase.Id).MaxAsync(v => (int?)v.Number, cancellationToken) ?? 0);
        var version = new TestSetVersion
        {
            Id = Guid.CreateVersion7(),
            PhaseId = phase.Id,
            Number = number,
            SplitName = split,
            ExamDirectory = examDirectory,
            ContentHash = hash,
            ExamCount = labels.Labels!.Exams.Count,
            CreatedAt = clock.GetUtcNow(),
            Exams = labels.Labels.Exams.Select(e => new TestSetExam
            {
                CaseId = e.CaseId,
                Abnormal = e.Abnormal,
                Acl = e.Acl,
                Meniscus = e.Meniscus,
            }).ToList(),
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.TestSetVersions.Add(version);
        await db.SaveChangesAsync(cancellationToken);
        phase.ActiveTestSetVersionId = version.Id;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return version;
    }

    /// <summary>Creates a team and its first token; the token is returned once and only its hash is stored.</summary>
    public async Task<(Team Team, string Token)> CreateTeamAsync(string name, string? affiliation, CancellationToken cancellationToken)
    {
        name = name.Trim();
        if (name.Length is 0 or > 100 || name.Any(char.IsControl))
        {
            throw new AdministrationException($"Team name '{name}' is invalid: use 1 to 100 printable characters.");
        }

        if (await db.Teams.AnyAsync(t => t.Name == name, cancellationToken))
        {
            throw new AdministrationException($"Team '{name}' already exists. Use 'leaderboard team token --team \"{name}\"' for a new token.");
        }

        var team = new Team { Id = Guid.CreateVersion7(), Name = name, Affiliation = affiliation, CreatedAt = clock.GetUtcNow() };
        db.Teams.Add(team);
        var token = AddToken(team.Id, ApiTokenRole.Competitor);
        await db.SaveChangesAsync(cancellationToken);
        return (team, token);
    }

    /// <summary>Issues another token for an existing team.</summary>
    public async Task<string> CreateTeamTokenAsync(string teamName, CancellationToken cancellationToken)
    {
        var team = await db.Teams.SingleOrDefaultAsync(t => t.Name == teamName, cancellationToken)
            ?? throw new AdministrationException($"Team '{teamName}' not found.");
        var token = AddToken(team.Id, ApiTokenRole.Competitor);
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    public async Task<string> CreateOrganizerTokenAsync(CancellationToken cancellationToken)
    {
        var token = AddToken(null, ApiTokenRole.Organizer);
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    private string AddToken(Guid? teamId, ApiTokenRole role)
    {
        var token = ApiTokens.Generate();
        db.ApiTokens.Add(new ApiToken
        {
            Id = Guid.CreateVersion7(),
            TeamId = teamId,
            Role = role,
            SecretHash = ApiTokens.Hash(token),
            DisplayPrefix = ApiTokens.DisplayPrefix(token),
            CreatedAt = clock.GetUtcNow(),
        });
        return token;
    }

    private async Task<Phase> FindPhaseAsync(string competitionSlug, string phaseSlug, CancellationToken cancellationToken) =>
        await db.Phases.SingleOrDefaultAsync(p => p.Slug == phaseSlug && p.Competition!.Slug == competitionSlug, cancellationToken)
            ?? throw new AdministrationException($"Phase '{competitionSlug}/{phaseSlug}' not found. Create it with 'leaderboard phase create'.");

    private static string ResolveMrnetRoot(string directory)
    {
        var full = Path.GetFullPath(directory);
        var nested = Path.Combine(full, "MRNet-v1.0");
        if (Directory.Exists(nested))
        {
            return nested;
        }

        return Directory.Exists(full)
            ? full
            : throw new AdministrationException($"Folder '{full}' does not exist. Pass the folder that contains MRNet-v1.0.");
    }

    /// <summary>Every labelled exam needs its three planes as NumPy files; unlabelled extra exams are rejected too.</summary>
    private static void CheckExamFiles(string examDirectory, TestSetLabels labels)
    {
        var errors = new List<string>();
        foreach (var plane in MrnetPlanes.InputOrder)
        {
            var planeDirectory = Path.Combine(examDirectory, plane);
            var present = Directory.Exists(planeDirectory)
                ? Directory.EnumerateFiles(planeDirectory, "*.npy").Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal)
                : [];
            errors.AddRange(labels.CaseIds.Where(id => !present.Contains(id)).Take(5)
                .Select(id => $"Exam {id} has labels but no file {Path.Combine(planeDirectory, id + ".npy")}."));
            errors.AddRange(present.Except(labels.CaseIds).Order(StringComparer.Ordinal).Take(5)
                .Select(id => $"File {Path.Combine(planeDirectory, id + ".npy")} has no labels; remove it or add its labels."));
        }

        if (errors.Count > 0)
        {
            throw new AdministrationException("The exam files do not match the labels:\n  " + string.Join("\n  ", errors));
        }
    }

    private static void CheckSlug(string slug, string entity)
    {
        if (!SlugPattern().IsMatch(slug))
        {
            throw new AdministrationException($"The {entity} name '{slug}' is invalid: use lower-case letters, digits and '-', starting with a letter or digit, at most 63 characters.");
        }
    }
}

/// <summary>The limits an organizer sets for a phase.</summary>
public sealed record PhaseSettings(int DailyLimit, int TotalLimit, int ConcurrentLimit, long MaxUploadBytes, SandboxPolicy Policy)
{
    public static PhaseSettings Default { get; } = new(5, 20, 2, 10L * 1024 * 1024 * 1024, SandboxPolicy.Default);

    public void Validate()
    {
        if (DailyLimit < 1 || TotalLimit < 1 || ConcurrentLimit < 1)
        {
            throw new AdministrationException($"Quota limits must be at least 1 (daily {DailyLimit}, total {TotalLimit}, concurrent {ConcurrentLimit}).");
        }

        var policyErrors = Policy.Validate();
        if (policyErrors.Count > 0)
        {
            throw new AdministrationException("The sandbox policy is invalid:\n  " + string.Join("\n  ", policyErrors));
        }

        if (MaxUploadBytes < 1024)
        {
            throw new AdministrationException($"The upload limit of {MaxUploadBytes} bytes is too small for any image archive.");
        }
    }
}

/// <summary>An organizer request that cannot be carried out; the message states the reason and the fix.</summary>
public sealed class AdministrationException(string message) : Exception(message);
