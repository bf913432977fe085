"""Time scikit-learn on the work that bench/Leaderboard.Bench times for the C# scorer.

Prints one line per case, "<case> median_ms=<m> runs=<r> result=<value>", like the C#
program. Run with the Debian interpreter, whose python3-sklearn package provides
scikit-learn: /usr/bin/python3 bench/sklearn_scoring_bench.py

- auc_1e6: roc_auc_score on 1,000,000 generated exams.
- bootstrap_2000x3_120: 2,000 paired bootstrap resamples of 120 exams, roc_auc_score on
  each of the three tasks in a Python loop, then the 2.5th and 97.5th percentiles of the
  mean AUC. A resample in which a task has one class is drawn again, as in the C# scorer.
  The resamples come from numpy's default generator rather than xoshiro256**, so the
  interval differs slightly from the C# one while the work is the same.
"""

import statistics
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "Leaderboard.Domain.Tests" / "tools"))
from exam_generator import generate_exams  # noqa: E402

WARMUP_RUNS = 1
AUC_RUNS = 11
BOOTSTRAP_RUNS = 5
RESAMPLES = 2000
EXAMS = 120


def measure(run, runs):
    for _ in range(WARMUP_RUNS):
        run()
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times), runs, result


def bootstrap(labels, scores, seed):
    rng = np.random.default_rng(seed)
    means = np.empty(RESAMPLES)
    for b in range(RESAMPLES):
        while True:
            drawn = rng.integers(0, EXAMS, EXAMS)
            if all(0 < labels[t][drawn].sum() < EXAMS for t in range(3)):
                break
        means[b] = sum(roc_auc_score(labels[t][drawn], scores[t][drawn]) for t in range(3)) / 3.0
    low, high = np.percentile(means, [2.5, 97.5])
    return high - low


def main():
    million_labels, million_scores = generate_exams(1, 1_000_000, 20, 0.3)
    median, runs, auc = measure(lambda: roc_auc_score(million_labels, million_scores), AUC_RUNS)
    print(f"auc_1e6 median_ms={median:.3f} runs={runs} result={auc!r}")

    tasks = [generate_exams(t + 1, EXAMS, 8, 0.8) for t in range(3)]
    labels = [task[0] for task in tasks]
    scores = [task[1] for task in tasks]
    median, runs, width = measure(lambda: bootstrap(labels, scores, 12345), BOOTSTRAP_RUNS)
    print(f"bootstrap_2000x3_120 median_ms={median:.3f} runs={runs} result={width!r}")


if __name__ == "__main__":
    main()
