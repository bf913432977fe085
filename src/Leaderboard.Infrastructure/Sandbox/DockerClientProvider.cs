using System.Text.RegularExpressions;
using Docker.DotNet;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leaderboard.Infrastructure.Sandbox;

/// <summary>
/// One Docker client per process, speaking an Engine API version both sides support. The
/// library's newest version is rejected by older engines ("client version is too new") and
/// old versions are rejected by Docker Engine 29 ("too old"), so the version is negotiated
/// once, on first use: the lower of the engine's maximum and <see cref="SandboxOptions.MaxApiVersion"/>.
/// </summary>
public sealed partial class DockerClientProvider(IOptions<SandboxOptions> options, ILogger<DockerClientProvider> logger) : IDisposable
{
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private DockerClient? _client;

    /// <summary>The negotiated API version; null until the first call of <see cref="GetClientAsync"/> returns.</summary>
    public Version? ApiVersion { get; private set; }

    /// <summary>Returns the shared client, negotiating the API version on the first call.</summary>
    public async Task<DockerClient> GetClientAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _client) is { } ready)
        {
            return ready;
        }

        await _connectLock.WaitAsync(cancellationToken);
        try
        {
            if (_client is null)
            {
                var client = await ConnectAsync(cancellationToken);
                Volatile.Write(ref _client, client);
            }

            return _client;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    public void Dispose()
    {
        _client?.Dispose();
        _connectLock.Dispose();
    }

    private async Task<DockerClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var endpoint = new Uri(settings.DockerEndpoint);
        var (engineMax, engineMin) = await ReadEngineVersionsAsync(endpoint, settings.DockerRequestTimeout, cancellationToken);

        var chosen = engineMax < settings.ParsedMaxApiVersion ? engineMax : settings.ParsedMaxApiVersion;
        if (engineMin is not null && chosen < engineMin)
        {
            throw new NotSupportedException(
                $"The Docker Engine at {endpoint} accepts API versions {engineMin} to {engineMax}, but this client speaks at most {settings.ParsedMaxApiVersion}. Raise Sandbox:MaxApiVersion only after checking the newer API.");
        }

        ApiVersion = chosen;
        LogNegotiated(logger, endpoint, chosen, engineMax);

        // No client-wide timeout: waits on a container last as long as the policy's time limit,
        // so every call gets its own deadline from its caller.
        return new DockerClientBuilder()
            .WithEndpoint(endpoint)
            .WithApiVersion(chosen)
            .WithTimeout(Timeout.InfiniteTimeSpan)
            .Build();
    }

    /// <summary>
    /// Reads the engine's API versions from the unversioned <c>GET /version</c>, which every
    /// engine serves in its own newest version. An engine that returns the error "maximum
    /// supported API version is X" instead yields X.
    /// </summary>
    private static async Task<(Version Max, Version? Min)> ReadEngineVersionsAsync(Uri endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var probe = new DockerClientBuilder().WithEndpoint(endpoint).WithApiVersion(null).Build();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var version = await probe.System.GetVersionAsync(deadline.Token);
            var max = ParseApiVersion(version.APIVersion)
                ?? throw new NotSupportedException($"The Docker Engine at {endpoint} returned no API version in GET /version.");
            return (max, ParseApiVersion(version.MinAPIVersion));
        }
        catch (DockerApiException ex) when (MaximumVersionPattern().Match(ex.ResponseBody ?? "") is { Success: true } match)
        {
            return (Version.Parse(match.Groups["version"].Value), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The Docker Engine at {endpoint} did not respond to GET /version within {timeout}.");
        }
    }

    private static Version? ParseApiVersion(string? text) =>
        Version.TryParse(text, out var version) ? version : null;

    [GeneratedRegex(@"[Mm]aximum supported API version is (?<version>[0-9]+\.[0-9]+)")]
    private static partial Regex MaximumVersionPattern();

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Docker Engine at {Endpoint}: speaking API {ApiVersion} (engine maximum {EngineMaxVersion})")]
    private static partial void LogNegotiated(ILogger logger, Uri endpoint, Version apiVersion, Version engineMaxVersion);
}
