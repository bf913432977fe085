using Leaderboard.Worker.Hosting;
using Microsoft.Extensions.Options;

namespace Leaderboard.Worker.Evaluations;

/// <summary>
/// Hands each GPU evaluation one of the worker's GPU ids. The GPU queue runs as many Hangfire
/// workers as there are GPUs, so a free id exists whenever a GPU job starts.
/// </summary>
public sealed class GpuPool(IOptions<WorkerOptions> options)
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _free = [.. options.Value.GpuIds];

    /// <summary>Takes <paramref name="count"/> ids, or returns null when that many are not free.</summary>
    public IReadOnlyList<string>? TryAcquire(int count)
    {
        lock (_lock)
        {
            if (count == 0 || _free.Count < count)
            {
                return count == 0 ? [] : null;
            }

            var acquired = _free.Order(StringComparer.Ordinal).Take(count).ToList();
            _free.ExceptWith(acquired);
            return acquired;
        }
    }

    public void Release(IEnumerable<string> ids)
    {
        lock (_lock)
        {
            _free.UnionWith(ids);
        }
    }
}
