using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Leaderboard.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "competitions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    slug = table.Column<string>(type: "text", nullable: false),
                    title = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_competitions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "teams",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    affiliation = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_teams", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "api_tokens",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    team_id = table.Column<Guid>(type: "uuid", nullable: true),
                    role = table.Column<string>(type: "text", nullable: false),
                    secret_hash = table.Column<string>(type: "text", nullable: false),
                    display_prefix = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_tokens", x => x.id);
                    table.ForeignKey(
                        name: "fk_api_tokens_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "teams",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "evaluations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    submission_id = table.Column<Guid>(type: "uuid", nullable: false),
                    test_set_version_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    failure_reason = table.Column<string>(type: "text", nullable: true),
                    failure_detail = table.Column<string>(type: "text", nullable: true),
                    queue = table.Column<string>(type: "text", nullable: false),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    job_id = table.Column<string>(type: "text", nullable: true),
                    lease_owner = table.Column<string>(type: "text", nullable: true),
                    lease_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    queued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    exit_code = table.Column<long>(type: "bigint", nullable: true),
                    log = table.Column<string>(type: "text", nullable: true),
                    messages = table.Column<List<string>>(type: "text[]", nullable: false),
                    mean_auc = table.Column<double>(type: "double precision", nullable: true),
                    mean_auc_ci_low = table.Column<double>(type: "double precision", nullable: true),
                    mean_auc_ci_high = table.Column<double>(type: "double precision", nullable: true),
                    scorer_version = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "predictions",
                columns: table => new
                {
                    evaluation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<string>(type: "text", nullable: false),
                    abnormal = table.Column<double>(type: "double precision", nullable: false),
                    acl = table.Column<double>(type: "double precision", nullable: false),
                    meniscus = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_predictions", x => new { x.evaluation_id, x.case_id });
                    table.ForeignKey(
                        name: "fk_predictions_evaluations_evaluation_id",
                        column: x => x.evaluation_id,
                        principalTable: "evaluations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "task_scores",
                columns: table => new
                {
                    evaluation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    task = table.Column<string>(type: "text", nullable: false),
                    auc = table.Column<double>(type: "double precision", nullable: false),
                    ci_low = table.Column<double>(type: "double precision", nullable: false),
                    ci_high = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_task_scores", x => new { x.evaluation_id, x.task });
                    table.ForeignKey(
                        name: "fk_task_scores_evaluations_evaluation_id",
                        column: x => x.evaluation_id,
                        principalTable: "evaluations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "phases",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    competition_id = table.Column<Guid>(type: "uuid", nullable: false),
                    slug = table.Column<string>(type: "text", nullable: false),
                    title = table.Column<string>(type: "text", nullable: false),
                    active_test_set_version_id = table.Column<Guid>(type: "uuid", nullable: true),
                    daily_submission_limit = table.Column<int>(type: "integer", nullable: false),
                    total_submission_limit = table.Column<int>(type: "integer", nullable: false),
                    concurrent_run_limit = table.Column<int>(type: "integer", nullable: false),
                    max_upload_bytes = table.Column<long>(type: "bigint", nullable: false),
                    sandbox_policy = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_phases", x => x.id);
                    table.ForeignKey(
                        name: "fk_phases_competitions_competition_id",
                        column: x => x.competition_id,
                        principalTable: "competitions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "submissions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    team_id = table.Column<Guid>(type: "uuid", nullable: false),
                    phase_id = table.Column<Guid>(type: "uuid", nullable: false),
                    model_name = table.Column<string>(type: "text", nullable: false),
                    model_url = table.Column<string>(type: "text", nullable: true),
                    kind = table.Column<string>(type: "text", nullable: false),
                    artifact_sha256 = table.Column<string>(type: "text", nullable: false),
                    artifact_bytes = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    failure_reason = table.Column<string>(type: "text", nullable: true),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    is_hidden = table.Column<bool>(type: "boolean", nullable: false),
                    is_disqualified = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_submissions", x => x.id);
                    table.ForeignKey(
                        name: "fk_submissions_phases_phase_id",
                        column: x => x.phase_id,
                        principalTable: "phases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_submissions_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "test_set_versions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    phase_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    split_name = table.Column<string>(type: "text", nullable: false),
                    exam_directory = table.Column<string>(type: "text", nullable: false),
                    content_hash = table.Column<string>(type: "text", nullable: false),
                    exam_count = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_test_set_versions", x => x.id);
                    table.ForeignKey(
                        name: "fk_test_set_versions_phases_phase_id",
                        column: x => x.phase_id,
                        principalTable: "phases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "test_set_exams",
                columns: table => new
                {
                    test_set_version_id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<string>(type: "text", nullable: false),
                    abnormal = table.Column<bool>(type: "boolean", nullable: false),
                    acl = table.Column<bool>(type: "boolean", nullable: false),
                    meniscus = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_test_set_exams", x => new { x.test_set_version_id, x.case_id });
                    table.ForeignKey(
                        name: "fk_test_set_exams_test_set_versions_test_set_version_id",
                        column: x => x.test_set_version_id,
                        principalTable: "test_set_versions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_api_tokens_secret_hash",
                table: "api_tokens",
                column: "secret_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_api_tokens_team_id",
                table: "api_tokens",
                column: "team_id");

            migrationBuilder.CreateIndex(
                name: "ix_competitions_slug",
                table: "competitions",
                column: "slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_evaluations_status_lease_expires_at",
                table: "evaluations",
                columns: new[] { "status", "lease_expires_at" });

            migrationBuilder.CreateIndex(
                name: "ix_evaluations_submission_id_test_set_version_id",
                table: "evaluations",
                columns: new[] { "submission_id", "test_set_version_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_evaluations_test_set_version_id",
                table: "evaluations",
                column: "test_set_version_id");

            migrationBuilder.CreateIndex(
                name: "ix_phases_active_test_set_version_id",
                table: "phases",
                column: "active_test_set_version_id");

            migrationBuilder.CreateIndex(
                name: "ix_phases_competition_id_slug",
                table: "phases",
                columns: new[] { "competition_id", "slug" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_submissions_phase_id",
                table: "submissions",
                column: "phase_id");

            migrationBuilder.CreateIndex(
                name: "ix_submissions_team_id_phase_id_submitted_at",
                table: "submissions",
                columns: new[] { "team_id", "phase_id", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_teams_name",
                table: "teams",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_test_set_versions_phase_id_number",
                table: "test_set_versions",
                columns: new[] { "phase_id", "number" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_evaluations_submissions_submission_id",
                table: "evaluations",
                column: "submission_id",
                principalTable: "submissions",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_evaluations_test_set_versions_test_set_version_id",
                table: "evaluations",
                column: "test_set_version_id",
                principalTable: "test_set_versions",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_phases_test_set_versions_active_test_set_version_id",
                table: "phases",
                column: "active_test_set_version_id",
                principalTable: "test_set_versions",
                principalColumn: "id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_phases_test_set_versions_active_test_set_version_id",
                table: "phases");

            migrationBuilder.DropTable(
                name: "api_tokens");

            migrationBuilder.DropTable(
                name: "predictions");

            migrationBuilder.DropTable(
                name: "task_scores");

            migrationBuilder.DropTable(
                name: "test_set_exams");

            migrationBuilder.DropTable(
                name: "evaluations");

            migrationBuilder.DropTable(
                name: "submissions");

            migrationBuilder.DropTable(
                name: "teams");

            migrationBuilder.DropTable(
                name: "test_set_versions");

            migrationBuilder.DropTable(
                name: "phases");

            migrationBuilder.DropTable(
                name: "competitions");
        }
    }
}
