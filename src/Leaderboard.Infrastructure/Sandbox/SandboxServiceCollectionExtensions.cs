using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Leaderboard.Infrastructure.Sandbox;

public static class SandboxServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Docker sandbox as <see cref="ISubmissionSandbox"/>, with
    /// <see cref="SandboxOptions"/> bound from the <c>Sandbox</c> section and validated when
    /// the host starts. The Engine API version is negotiated on first use.
    /// </summary>
    public static IServiceCollection AddSubmissionSandbox(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<SandboxOptions>()
            .Bind(configuration.GetSection(SandboxOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>());

        services.TryAddSingleton<DockerClientProvider>();
        services.TryAddSingleton<DockerSubmissionSandbox>();
        services.TryAddSingleton<ISubmissionSandbox>(provider => provider.GetRequiredService<DockerSubmissionSandbox>());
        return services;
    }
}
