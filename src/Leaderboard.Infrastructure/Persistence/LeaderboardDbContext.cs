using System.Text.Json;
using Leaderboard.Infrastructure.Persistence.Entities;
using Leaderboard.Infrastructure.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Leaderboard.Infrastructure.Persistence;

public sealed class LeaderboardDbContext(DbContextOptions<LeaderboardDbContext> options) : DbContext(options)
{
    public DbSet<Competition> Competitions => Set<Competition>();

    public DbSet<Phase> Phases => Set<Phase>();

    public DbSet<TestSetVersion> TestSetVersions => Set<TestSetVersion>();

    public DbSet<TestSetExam> TestSetExams => Set<TestSetExam>();

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<Submission> Submissions => Set<Submission>();

    public DbSet<Evaluation> Evaluations => Set<Evaluation>();

    public DbSet<TaskScoreRow> TaskScores => Set<TaskScoreRow>();

    public DbSet<PredictionRow> Predictions => Set<PredictionRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Competition>(competition =>
        {
            competition.HasIndex(c => c.Slug).IsUnique();
            competition.HasMany(c => c.Phases).WithOne(p => p.Competition).HasForeignKey(p => p.CompetitionId);
        });

        modelBuilder.Entity<Phase>(phase =>
        {
            phase.HasIndex(p => new { p.CompetitionId, p.Slug }).IsUnique();
            phase.HasOne(p => p.ActiveTestSetVersion).WithMany().HasForeignKey(p => p.ActiveTestSetVersionId);
            phase.Property(p => p.SandboxPolicy)
                .HasColumnType("jsonb")
                .HasConversion(
                    policy => JsonSerializer.Serialize(policy, JsonSerializerOptions.Default),
                    json => JsonSerializer.Deserialize<SandboxPolicy>(json, JsonSerializerOptions.Default) ?? SandboxPolicy.Default,
                    new ValueComparer<SandboxPolicy>((a, b) => Equals(a, b), p => p.GetHashCode()));
        });

        modelBuilder.Entity<TestSetVersion>(version =>
        {
            version.HasIndex(v => new { v.PhaseId, v.Number }).IsUnique();
            version.HasOne<Phase>().WithMany().HasForeignKey(v => v.PhaseId);
            version.HasMany(v => v.Exams).WithOne().HasForeignKey(e => e.TestSetVersionId);
        });

        modelBuilder.Entity<TestSetExam>().HasKey(e => new { e.TestSetVersionId, e.CaseId });

        modelBuilder.Entity<Team>().HasIndex(t => t.Name).IsUnique();

        modelBuilder.Entity<ApiToken>(token =>
        {
            token.HasIndex(t => t.SecretHash).IsUnique();
            token.Property(t => t.Role).HasConversion<string>();
        });

        modelBuilder.Entity<Submission>(submission =>
        {
            submission.Property(s => s.Status).HasConversion<string>();
            submission.Property(s => s.FailureReason).HasConversion<string>();
            submission.Property(s => s.Kind).HasConversion<string>();
            submission.HasIndex(s => new { s.TeamId, s.PhaseId, s.SubmittedAt });
            submission.HasMany(s => s.Evaluations).WithOne(e => e.Submission).HasForeignKey(e => e.SubmissionId);
        });

        modelBuilder.Entity<Evaluation>(evaluation =>
        {
            // Results are written once per submission and test-set version, however often
            // the job is delivered.
            evaluation.HasIndex(e => new { e.SubmissionId, e.TestSetVersionId }).IsUnique();
            evaluation.HasIndex(e => new { e.Status, e.LeaseExpiresAt });
            evaluation.Property(e => e.Status).HasConversion<string>();
            evaluation.Property(e => e.FailureReason).HasConversion<string>();
            evaluation.HasMany(e => e.TaskScores).WithOne().HasForeignKey(s => s.EvaluationId);
            evaluation.HasMany(e => e.Predictions).WithOne().HasForeignKey(p => p.EvaluationId);
        });

        modelBuilder.Entity<TaskScoreRow>().HasKey(s => new { s.EvaluationId, s.Task });
        modelBuilder.Entity<PredictionRow>().HasKey(p => new { p.EvaluationId, p.CaseId });
    }
}
