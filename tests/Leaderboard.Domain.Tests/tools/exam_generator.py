"""Deterministic synthetic exams, generated identically by ExamGenerator.cs in the tests.

Exam i uses outputs 2i and 2i+1 of SplitMix64 started at `seed`, called a and b:
  score = (b >> (64 - score_bits)) / 2**score_bits       a multiple of 2**-score_bits in [0, 1)
  label = ((a >> 11) * 2**-53) < positive_rate * (0.5 + score)
Quantising the score to score_bits bits makes ties common, and the label threshold rises
with the score, so the AUC is above 0.5. Every step is exact or one IEEE 754 double
operation in the same order as in C#, so both languages produce the same exams.
"""

import numpy as np

GAMMA = 0x9E3779B97F4A7C15
MASK = (1 << 64) - 1


def splitmix64(seed: int, count: int) -> np.ndarray:
    """Return the first `count` outputs of SplitMix64 started at `seed`, as uint64."""
    steps = np.arange(1, count + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = np.uint64(seed & MASK) + steps * np.uint64(GAMMA)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def generate_exams(seed: int, count: int, score_bits: int, positive_rate: float):
    """Return (labels as bool array, scores as float64 array) for `count` exams."""
    outputs = splitmix64(seed, 2 * count)
    a = outputs[0::2]
    b = outputs[1::2]
    scores = (b >> np.uint64(64 - score_bits)).astype(np.float64) * (2.0 ** -score_bits)
    uniform = (a >> np.uint64(11)).astype(np.float64) * (2.0 ** -53)
    labels = uniform < positive_rate * (0.5 + scores)
    return labels, scores
