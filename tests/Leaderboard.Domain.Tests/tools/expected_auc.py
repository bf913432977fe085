"""Compute the expected AUCs in RocAucTests.cs with scikit-learn's roc_auc_score.

Run once with the Debian interpreter, whose python3-sklearn package provides
scikit-learn (1.2.1 when the literals were computed):

    /usr/bin/python3 tests/Leaderboard.Domain.Tests/tools/expected_auc.py

It prints one C# table row per case; the rows are pasted into RocAucTests.cs. The small
cases are written out here and in the test; the generated ones come from exam_generator.py.
"""

import sys
from pathlib import Path

import numpy as np
import sklearn
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
from exam_generator import generate_exams  # noqa: E402

SMALL_CASES = {
    "TiesAcrossClasses": ([0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.1], [0, 0, 1, 1, 1, 0, 1, 0]),
    "AllScoresTied": ([0.5, 0.5, 0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0, 0, 0]),
    "PerfectRanking": ([0.1, 0.2, 0.3, 0.7, 0.8, 0.9], [0, 0, 0, 1, 1, 1]),
    "InvertedRanking": ([0.9, 0.8, 0.7, 0.3, 0.2, 0.1], [0, 0, 0, 1, 1, 1]),
    "OnePositiveExam": ([0.3, 0.1, 0.7, 0.2, 0.5, 0.9, 0.6], [0, 0, 0, 0, 1, 0, 0]),
    "OneNegativeExam": ([0.3, 0.1, 0.7, 0.2, 0.5, 0.9, 0.6], [1, 1, 1, 1, 0, 1, 1]),
    "TwoExams": ([0.2, 0.6], [1, 0]),
    "ValuesOutsideUnitRange": (
        [-0.0, 0.0, -1e300, 1e300, 5e-324, -5e-324, 2.5, -3.0, 0.0],
        [1, 0, 0, 1, 0, 1, 1, 0, 1],
    ),
    "NeighbouringDoubles": (
        [0.1 + 0.2, 0.3, 0.30000000000000004, 0.29999999999999993, 0.3, 0.1 + 0.2],
        [1, 0, 0, 1, 1, 0],
    ),
}

# name: (seed, count, score_bits, positive_rate)
GENERATED_CASES = {
    "ManyTiesGenerated": (3, 5_000, 3, 0.5),
    "HeavyImbalance": (2, 100_000, 16, 0.01),
    "ExtremeImbalance": (4, 20_000, 24, 0.001),
    "MillionExams": (1, 1_000_000, 20, 0.3),
}


def main() -> None:
    print(f"// scikit-learn {sklearn.__version__}, numpy {np.__version__}")
    for name, (scores, labels) in SMALL_CASES.items():
        auc = roc_auc_score(np.array(labels), np.array(scores, dtype=np.float64))
        print(f'["{name}"] = {auc!r},')
    for name, (seed, count, bits, rate) in GENERATED_CASES.items():
        labels, scores = generate_exams(seed, count, bits, rate)
        auc = roc_auc_score(labels, scores)
        print(f"// {name}: {int(labels.sum())} positives of {count}")
        print(f'["{name}"] = {auc!r},')


if __name__ == "__main__":
    main()
