using Microsoft.Extensions.Options;

namespace Leaderboard.Infrastructure.Sandbox;

/// <summary>How a worker reaches the Docker Engine and where it keeps per-run work folders (section <c>Sandbox</c>).</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>The Docker Engine API endpoint: <c>unix:///path</c>, <c>tcp://host:port</c> or <c>npipe://./pipe/name</c>.</summary>
    public string DockerEndpoint { get; set; } = "unix:///var/run/docker.sock";

    /// <summary>
    /// Highest Engine API version this client asks for; it speaks the lower of this and the
    /// engine's maximum. Docker.DotNet.Enhanced 4.4.1 describes its models as Docker Engine 29's.
    /// Engine 29.0 speaks API 1.52 and rejects versions below 1.44; Engine 20.10 speaks at most 1.41.
    /// </summary>
    public string MaxApiVersion { get; set; } = "1.52";

    /// <summary>
    /// Folder of the per-run work folders (input CSV, output folder). Docker bind-mounts from it,
    /// so the engine must see it at the same path. Put it on a size-limited file system (a tmpfs
    /// or a quota), because a container writes into its output folder until the sandbox notices.
    /// </summary>
    public string WorkRoot { get; set; } = Path.Combine(Path.GetTempPath(), "mrnet-leaderboard-sandbox");

    /// <summary>Time limit of one short Engine API call (create, inspect, kill, remove).</summary>
    public TimeSpan DockerRequestTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Time the cleanup of a run (kill, remove the container, delete the work folder) may take, even after cancellation.</summary>
    public TimeSpan CleanupTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the output folder is measured against the policy's size and entry limits while a container runs.</summary>
    public TimeSpan OutputCheckInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    internal Version ParsedMaxApiVersion => Version.Parse(MaxApiVersion);
}

/// <summary>Validates <see cref="SandboxOptions"/> when the host starts.</summary>
public sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    // DeviceRequests, which carry the GPUs, arrived in Engine API 1.40.
    private static readonly Version MinApiVersion = new(1, 40);

    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        if (!Uri.TryCreate(options.DockerEndpoint, UriKind.Absolute, out var endpoint)
            || endpoint.Scheme is not ("unix" or "tcp" or "http" or "https" or "npipe"))
        {
            errors.Add($"Sandbox:DockerEndpoint '{options.DockerEndpoint}' is not a unix://, tcp://, http://, https:// or npipe:// URI.");
        }

        if (!Version.TryParse(options.MaxApiVersion, out var version) || version < MinApiVersion)
        {
            errors.Add($"Sandbox:MaxApiVersion '{options.MaxApiVersion}' is not a version of at least {MinApiVersion}, such as '1.52'.");
        }

        if (string.IsNullOrWhiteSpace(options.WorkRoot) || !Path.IsPathFullyQualified(options.WorkRoot))
        {
            errors.Add($"Sandbox:WorkRoot '{options.WorkRoot}' is not an absolute path.");
        }

        if (options.DockerRequestTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Sandbox:DockerRequestTimeout {options.DockerRequestTimeout} must be more than 0.");
        }

        if (options.CleanupTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Sandbox:CleanupTimeout {options.CleanupTimeout} must be more than 0.");
        }

        if (options.OutputCheckInterval <= TimeSpan.Zero || options.OutputCheckInterval > TimeSpan.FromSeconds(10))
        {
            errors.Add($"Sandbox:OutputCheckInterval {options.OutputCheckInterval} must be more than 0 and at most 10 seconds.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
