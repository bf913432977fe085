"""Compute the expected DeLong values in DeLongTests.cs by an independent method.

This is the fast midrank algorithm of Sun and Xu, "Fast implementation of DeLong's
algorithm for comparing the areas under correlated receiver operating characteristic
curves", IEEE Signal Processing Letters 21 (2014). It works from midranks of the pooled,
positive and negative scores; the C# code counts pairs per tie group instead.

    /usr/bin/python3 tests/Leaderboard.Domain.Tests/tools/delong_reference.py

It prints the literals pasted into DeLongTests.cs (numpy 1.24.2 and scipy 1.10.1 when they
were computed). The p-value is erfc(|z| / sqrt(2)) from scipy.
"""

import sys
from pathlib import Path

import numpy as np
from scipy.special import erfc

sys.path.insert(0, str(Path(__file__).resolve().parent))
from exam_generator import generate_exams  # noqa: E402

Z_975 = 1.959963984540054

# The written-out case: 24 exams, ties within and across classes, two models.
LABELS = [1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1]
FIRST = [0.91, 0.12, 0.78, 0.55, 0.55, 0.30, 0.66, 0.41, 0.87, 0.08, 0.66, 0.72,
         0.49, 0.21, 0.95, 0.35, 0.49, 0.61, 0.27, 0.83, 0.55, 0.19, 0.44, 0.70]
SECOND = [0.80, 0.30, 0.62, 0.40, 0.71, 0.30, 0.52, 0.52, 0.75, 0.22, 0.48, 0.61,
          0.33, 0.45, 0.90, 0.28, 0.40, 0.40, 0.36, 0.69, 0.58, 0.30, 0.51, 0.57]


def midranks(values: np.ndarray) -> np.ndarray:
    """Return 1-based ranks with tied values given the mean of their ranks."""
    order = np.argsort(values, kind="mergesort")
    sorted_values = values[order]
    ranks = np.empty(len(values), dtype=np.float64)
    start = 0
    while start < len(values):
        end = start
        while end < len(values) and sorted_values[end] == sorted_values[start]:
            end += 1
        ranks[order[start:end]] = 0.5 * (start + 1 + end)
        start = end
    return ranks


def fast_delong(score_sets: np.ndarray, labels: np.ndarray):
    """Return (aucs, covariance matrix) for k score sets of shape (k, n)."""
    positives = score_sets[:, labels]
    negatives = score_sets[:, ~labels]
    m = positives.shape[1]
    n = negatives.shape[1]
    k = score_sets.shape[0]
    tx = np.array([midranks(positives[r]) for r in range(k)])
    ty = np.array([midranks(negatives[r]) for r in range(k)])
    tz = np.array([midranks(np.concatenate([positives[r], negatives[r]])) for r in range(k)])
    aucs = tz[:, :m].sum(axis=1) / (m * n) - (m + 1.0) / (2.0 * n)
    v01 = (tz[:, :m] - tx) / n
    v10 = 1.0 - (tz[:, m:] - ty) / m
    sx = np.atleast_2d(np.cov(v01))
    sy = np.atleast_2d(np.cov(v10))
    return aucs, sx / m + sy / n


def describe(name: str, labels, first, second) -> None:
    labels = np.asarray(labels, dtype=bool)
    scores = np.vstack([np.asarray(first, dtype=np.float64), np.asarray(second, dtype=np.float64)])
    aucs, cov = fast_delong(scores, labels)
    print(f"// {name}")
    for index in range(2):
        variance = cov[index, index]
        half = Z_975 * np.sqrt(variance)
        print(f"auc[{index}] = {aucs[index]!r}; variance = {variance!r}; "
              f"ci = ({max(0.0, aucs[index] - half)!r}, {min(1.0, aucs[index] + half)!r})")
    difference = aucs[0] - aucs[1]
    variance = cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]
    half = Z_975 * np.sqrt(variance)
    z = difference / np.sqrt(variance)
    p_value = erfc(abs(z) / np.sqrt(2.0))
    print(f"difference = {difference!r}; variance = {variance!r}; "
          f"ci = ({difference - half!r}, {difference + half!r}); z = {z!r}; p = {p_value!r}")


def main() -> None:
    describe("Written-out case", LABELS, FIRST, SECOND)
    labels, first = generate_exams(7, 500, 6, 0.4)
    _, second = generate_exams(8, 500, 6, 0.4)
    describe("Generated case: labels and first from seed 7, second from seed 8; 500 exams, 6 bits, rate 0.4",
             labels, first, second)


if __name__ == "__main__":
    main()
