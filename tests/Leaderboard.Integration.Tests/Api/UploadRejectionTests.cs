using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Leaderboard.Infrastructure.Administration;
using Leaderboard.Integration.Tests.Fixtures;

namespace Leaderboard.Integration.Tests.Api;

/// <summary>
/// Rejected uploads get an RFC 9457 problem response and leave no submission row and no
/// stored or staged file behind. No worker runs here, so accepted uploads stay queued.
/// </summary>
public sealed class UploadRejectionTests : IAsyncLifetime
{
    private LeaderboardServices _services = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        // A small upload limit (the busybox test image is about 2 MiB) keeps the size tests quick; two concurrent runs at most.
        var phase = PhaseSettings.Default with { MaxUploadBytes = 8 * 1024 * 1024, ConcurrentLimit = 2 };
        _services = await LeaderboardServices.StartAsync(phase);
        _token = await _services.CreateTeamAsync("Upload Testers");
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Upload_NotATar_RejectedWithProblem()
    {
        using var client = _services.CreateClient(_token);

        using var response = await client.PostAsync(_services.UploadPath(), Body("this is not a docker save archive"u8.ToArray()));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "tar");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Upload_EmptyBody_RejectedWithProblem()
    {
        using var client = _services.CreateClient(_token);

        using var response = await client.PostAsync(_services.UploadPath(), Body([]));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "empty");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Upload_WithoutToken_Unauthorized()
    {
        using var client = _services.CreateClient();

        using var response = await client.PostAsync(_services.UploadPath(), Body(TarWithOneFile()));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Bearer");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Upload_UnknownToken_Unauthorized()
    {
        using var client = _services.CreateClient("mrnet_not-a-real-token");

        using var response = await client.PostAsync(_services.UploadPath(), Body(TarWithOneFile()));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unknown or revoked");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Upload_OverPhaseLimit_PayloadTooLarge()
    {
        using var client = _services.CreateClient(_token);
        var body = new byte[9 * 1024 * 1024];
        TarWithOneFile().CopyTo(body, 0);

        using var response = await client.PostAsync(_services.UploadPath(), Body(body));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "limit");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Upload_OverLimitWithoutLength_PayloadTooLarge()
    {
        using var client = _services.CreateClient(_token);
        var body = new byte[9 * 1024 * 1024];
        TarWithOneFile().CopyTo(body, 0);
        var content = new StreamContent(new UnknownLengthStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");

        using var response = await client.PostAsync(_services.UploadPath(), content);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "limit");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Upload_MissingModelName_BadRequest()
    {
        using var client = _services.CreateClient(_token);

        using var response = await client.PostAsync(_services.UploadPath(query: ""), Body(TarWithOneFile()));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "model_name");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Upload_UnknownPhase_NotFound()
    {
        using var client = _services.CreateClient(_token);

        using var response = await client.PostAsync("/api/v1/competitions/mrnet/phases/nope/submissions?model_name=x", Body(TarWithOneFile()));

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "nope");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Status_OtherTeamsSubmission_NotFound()
    {
        var otherToken = await _services.CreateTeamAsync("Other Team " + Guid.NewGuid().ToString("N")[..6]);
        using var owner = _services.CreateClient(otherToken);
        var archive = await File.ReadAllBytesAsync(await SmallArchive.GetAsync());
        using var accepted = await owner.PostAsync(_services.UploadPath(), Body(archive));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var url = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;

        using var stranger = _services.CreateClient(_token);
        using var response = await stranger.GetAsync(url);

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "No submission");
    }

    [Fact]
    public async Task Upload_ConcurrentRequestsCannotExceedLimit()
    {
        var token = await _services.CreateTeamAsync("Racers " + Guid.NewGuid().ToString("N")[..6]);
        var archive = await File.ReadAllBytesAsync(await SmallArchive.GetAsync());

        // Six uploads at once against a limit of two queued or running submissions.
        var uploads = Enumerable.Range(0, 6).Select(async _ =>
        {
            using var client = _services.CreateClient(token);
            using var response = await client.PostAsync(_services.UploadPath(), Body(archive));
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(uploads);

        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.Accepted));
        Assert.Equal(4, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    private static ByteArrayContent Body(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        return content;
    }

    /// <summary>A valid tar header block (ustar magic) followed by padding: a tar, though not an image.</summary>
    private static byte[] TarWithOneFile()
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Formats.Tar.TarWriter(buffer, System.Formats.Tar.TarEntryFormat.Ustar, leaveOpen: true))
        {
            writer.WriteEntry(new System.Formats.Tar.UstarTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "hello.txt")
            {
                DataStream = new MemoryStream("hello"u8.ToArray()),
            });
        }

        return buffer.ToArray();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string detailFragment)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("title", out _));
        Assert.Contains(detailFragment, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    private async Task AssertNothingStoredAsync()
    {
        Assert.Equal(0, await _services.Database.CountAsync("submissions WHERE team_id IN (SELECT id FROM teams WHERE name = 'Upload Testers')"));
        var artifacts = Path.Combine(_services.StorageRoot, "artifacts");
        var files = Directory.Exists(artifacts) ? Directory.GetFiles(artifacts, "*", SearchOption.AllDirectories) : [];
        var storedByOthers = await _services.QueryAsync(db => Task.FromResult(db.Submissions.Select(s => s.ArtifactSha256).ToHashSet()));
        Assert.All(files, file => Assert.Contains(Path.GetFileName(file), storedByOthers));
    }

    /// <summary>A stream whose length is unknown, so the client sends it chunked without Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
