namespace Leaderboard.Domain.Scoring;

/// <summary>
/// Draws bootstrap resamples of a test set's exams: n draws with replacement from n exams,
/// stored as how often each exam was drawn. One resample serves all three tasks and every
/// submission compared, which makes the bootstrap paired.
/// </summary>
/// <remarks>
/// A resample in which some task has only one class has no AUC for that task. Such a
/// resample is discarded and drawn again, so the bootstrap distribution is conditional
/// on both classes being present in every task. With 120 exams and at least 50 positives
/// per task this almost never happens. With a single positive exam in a task it happens
/// in (1 − 1/n)^n of draws, about 37%.
/// </remarks>
internal sealed class ExamResampler(IReadOnlyList<bool[]> taskLabels, ulong seed)
{
    // A valid test set has both classes in every task, so a resample is valid with
    // probability above 0.2 even in the worst case: three tasks, each with one exam of a
    // class, and n large. So 10,000 failures in a row mean a bug, not bad luck.
    private const int MaxDrawsPerResample = 10_000;

    private readonly Xoshiro256StarStar _random = new(seed);

    /// <summary>The number of resamples discarded so far because a task had only one class.</summary>
    public int Redraws { get; private set; }

    /// <summary>Fills <paramref name="draws"/> with a valid resample and <paramref name="positiveDraws"/> with each task's drawn positives.</summary>
    public void Next(Span<int> draws, Span<long> positiveDraws)
    {
        for (var attempt = 0; attempt < MaxDrawsPerResample; attempt++)
        {
            draws.Clear();
            for (var k = 0; k < draws.Length; k++)
            {
                draws[_random.NextInt(draws.Length)]++;
            }

            if (CountPositives(draws, positiveDraws))
            {
                return;
            }

            Redraws++;
        }

        throw new InvalidOperationException(
            $"{MaxDrawsPerResample} bootstrap resamples in a row had a task with one class; the labels must contain both classes in every task.");
    }

    private bool CountPositives(ReadOnlySpan<int> draws, Span<long> positiveDraws)
    {
        for (var task = 0; task < taskLabels.Count; task++)
        {
            var labels = taskLabels[task];
            long positives = 0;
            for (var exam = 0; exam < draws.Length; exam++)
            {
                if (labels[exam])
                {
                    positives += draws[exam];
                }
            }

            if (positives == 0 || positives == draws.Length)
            {
                return false;
            }

            positiveDraws[task] = positives;
        }

        return true;
    }
}
