using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Leaderboard.Api.Leaderboards;

/// <summary>Renders a leaderboard as CSV and as the public HTML page.</summary>
public static class LeaderboardFormats
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public const string CsvHeader =
        "rank,date,submission_id,model_name,team,affiliation,model_url,mean_auc,mean_auc_ci_low,mean_auc_ci_high,abnormal_auc,acl_auc,meniscus_auc,not_significantly_different_from_above";

    /// <summary>Full-precision CSV (round-trip doubles), one line per ranked row.</summary>
    public static string ToCsv(LeaderboardView view)
    {
        var csv = new StringBuilder(CsvHeader).Append('\n');
        foreach (var row in view.Rows)
        {
            csv.AppendJoin(',',
                    row.Rank.ToString(Invariant),
                    row.Date.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", Invariant),
                    row.SubmissionId.ToString(),
                    CsvField(row.ModelName),
                    CsvField(row.Team),
                    CsvField(row.Affiliation ?? ""),
                    CsvField(row.ModelUrl ?? ""),
                    row.MeanAuc.ToString("R", Invariant),
                    row.MeanAucCiLow.ToString("R", Invariant),
                    row.MeanAucCiHigh.ToString("R", Invariant),
                    row.AbnormalAuc.ToString("R", Invariant),
                    row.AclAuc.ToString("R", Invariant),
                    row.MeniscusAuc.ToString("R", Invariant),
                    row.NotSignificantlyDifferentFromAbove ? "true" : "false")
                .Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>
    /// Quotes a field when needed, and defuses a leading formula character so that a team
    /// name cannot run as a spreadsheet formula.
    /// </summary>
    private static string CsvField(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    public static string ToHtml(LeaderboardView view)
    {
        var html = HtmlEncoder.Default;
        var page = new StringBuilder();
        page.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{html.Encode(view.CompetitionTitle)} · {html.Encode(view.PhaseTitle)} · Leaderboard</title>
            <style>{Styles}</style>
            </head>
            <body>
            <header>
            <h1>{html.Encode(view.CompetitionTitle)} leaderboard</h1>
            <p class="subtitle">{html.Encode(view.PhaseTitle)} · test set version {view.TestSetVersion?.ToString(Invariant) ?? "none"} · ranked by mean ROC AUC of abnormal, ACL tear and meniscal tear</p>
            </header>
            <main>
            """);

        if (view.Rows.Count == 0)
        {
            page.Append("<p id=\"empty\">No scored submissions yet.</p>\n");
        }
        else
        {
            AppendTable(page, view, html);
        }

        page.Append(CultureInfo.InvariantCulture, $"""
            <p class="legend">Intervals are 95% confidence intervals: DeLong per task, a paired bootstrap over exams for the mean.
            ≈ marks a mean AUC that is not significantly different from the row above. One row per team: its best scored submission; an exact tie goes to the earlier submission.</p>
            <p class="legend">Also as <a href="/api/v1/competitions/{html.Encode(view.Competition)}/phases/{html.Encode(view.Phase)}/leaderboard">JSON</a>
            and <a href="/api/v1/competitions/{html.Encode(view.Competition)}/phases/{html.Encode(view.Phase)}/leaderboard.csv">CSV</a>.</p>
            </main>
            </body>
            </html>

            """);
        return page.ToString();
    }

    private static void AppendTable(StringBuilder page, LeaderboardView view, HtmlEncoder html)
    {
        page.Append("""
            <table id="leaderboard">
            <thead><tr><th>Rank</th><th>Date</th><th>Model</th><th>Mean AUC (95% CI)</th><th>Abnormal</th><th>ACL</th><th>Meniscus</th></tr></thead>
            <tbody>

            """);
        foreach (var row in view.Rows)
        {
            var model = row.ModelUrl is null
                ? html.Encode(row.ModelName)
                : $"<a href=\"{html.Encode(row.ModelUrl)}\" rel=\"nofollow noopener\">{html.Encode(row.ModelName)}</a>";
            var affiliation = row.Affiliation is null ? "" : $" <span class=\"affiliation\">({html.Encode(row.Affiliation)})</span>";
            var tie = row.NotSignificantlyDifferentFromAbove
                ? " <span class=\"tie\" title=\"Not significantly different from the row above\">≈</span>"
                : "";
            page.Append(Invariant, $"""
                <tr data-submission="{row.SubmissionId}">
                <td class="rank">{row.Rank}</td>
                <td class="date">{row.Date.UtcDateTime:yyyy-MM-dd}</td>
                <td class="model">{model}<br><span class="team">{html.Encode(row.Team)}</span>{affiliation}</td>
                <td class="mean">{row.MeanAuc:0.000}{tie} <span class="ci">({row.MeanAucCiLow:0.000}–{row.MeanAucCiHigh:0.000})</span></td>
                <td class="abnormal">{row.AbnormalAuc:0.000}</td>
                <td class="acl">{row.AclAuc:0.000}</td>
                <td class="meniscus">{row.MeniscusAuc:0.000}</td>
                </tr>

                """);
        }

        page.Append("</tbody>\n</table>\n");
    }

    private const string Styles = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
        header{background:#1d3557;color:#fff;padding:1.5rem 2rem}
        h1{margin:0;font-size:1.6rem}
        .subtitle{margin:.4rem 0 0;opacity:.85}
        main{padding:1.5rem 2rem;max-width:72rem}
        table{border-collapse:collapse;width:100%;background:#fff;box-shadow:0 1px 3px rgba(0,0,0,.08)}
        th,td{padding:.6rem .8rem;text-align:left;border-bottom:1px solid #e3e6eb;vertical-align:top}
        th{background:#eef1f5;font-weight:600}
        td.rank{font-weight:700;width:3rem}
        td.mean{font-weight:600;white-space:nowrap}
        .ci{color:#5b6372;font-weight:400}
        .team{color:#333}
        .affiliation{color:#5b6372}
        .tie{color:#b5651d;cursor:help}
        .legend{color:#5b6372;font-size:.9rem}
        """;
}
