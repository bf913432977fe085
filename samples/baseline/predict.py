#!/usr/bin/env python3
"""Baseline MRNet submission: per-plane block features and one logistic regression per task.

Usage: predict.py INPUT_CSV OUTPUT_CSV

INPUT_CSV has no header and one absolute .npy path per line, three lines per exam in the
order sagittal, coronal, axial. OUTPUT_CSV receives one row per exam, in input order, with
the probabilities of abnormal, ACL tear and meniscal tear, and no header. When the arguments
are missing, MRNET_INPUT_CSV and MRNET_OUTPUT_CSV are used. The weights are read from
weights.json beside this file, or from MRNET_BASELINE_WEIGHTS; train.py writes them.
Needs only numpy.
"""

import json
import os
import sys

import numpy as np

PLANES = ("sagittal", "coronal", "axial")
TASKS = ("abnormal", "acl", "meniscus")

# Each 256 x 256 slice is cut into GRID x GRID blocks of 32 x 32 pixels.
GRID = 8
BLOCK = 256 // GRID

# A voxel brighter than this counts as fluid or oedema (MRNet volumes are uint8).
BRIGHT_LEVEL = 200

# The central slices averaged for the block means: the middle CENTRAL_FRACTION of the volume.
CENTRAL_FRACTION = 0.4


def plane_features(volume):
    """Returns the features of one volume of shape (S, 256, 256), dtype uint8.

    Per block: the mean intensity over the central slices, and the largest fraction of bright
    voxels in any slice. Findings sit in a few slices at a roughly fixed place, which these
    two statistics pick up whatever the slice count.
    """
    if volume.ndim != 3 or volume.shape[1:] != (256, 256):
        raise ValueError(f"expected shape (S, 256, 256), got {volume.shape}")
    slices = volume.shape[0]
    blocks = volume.reshape(slices, GRID, BLOCK, GRID, BLOCK)

    means = blocks.mean(axis=(2, 4), dtype=np.float32) / 255.0
    count = max(1, int(round(slices * CENTRAL_FRACTION)))
    start = (slices - count) // 2
    central_means = means[start:start + count].mean(axis=0)

    bright = (blocks > BRIGHT_LEVEL).mean(axis=(2, 4), dtype=np.float32)
    peak_bright = bright.max(axis=0)

    return np.concatenate([central_means.ravel(), peak_bright.ravel()])


def exam_features(paths):
    """Returns the concatenated features of one exam's three volumes, in input CSV order."""
    return np.concatenate([plane_features(np.load(path, allow_pickle=False)) for path in paths])


def read_exam_paths(input_csv):
    """Reads the input CSV and groups its paths by exam (sagittal, coronal, axial)."""
    with open(input_csv, encoding="utf-8") as handle:
        paths = [line.strip() for line in handle if line.strip()]
    if not paths or len(paths) % len(PLANES) != 0:
        raise ValueError(
            f"{input_csv}: expected three paths per exam (sagittal, coronal, axial), got {len(paths)} lines")
    exams = [paths[i:i + len(PLANES)] for i in range(0, len(paths), len(PLANES))]
    for number, exam in enumerate(exams, start=1):
        for plane, path in zip(PLANES, exam):
            if f"/{plane}/" not in path:
                raise ValueError(f"{input_csv}: exam {number} should list its {plane} volume here, got {path}")
    return exams


def load_weights(path):
    with open(path, encoding="utf-8") as handle:
        weights = json.load(handle)
    mean = np.asarray(weights["feature_mean"], dtype=np.float64)
    scale = np.asarray(weights["feature_scale"], dtype=np.float64)
    coefficients = np.asarray([weights["tasks"][task]["coefficients"] for task in TASKS], dtype=np.float64)
    intercepts = np.asarray([weights["tasks"][task]["intercept"] for task in TASKS], dtype=np.float64)
    return mean, scale, coefficients, intercepts


def predict(features, weights):
    """Returns the probabilities, shape (exams, 3), for a feature matrix of shape (exams, features)."""
    mean, scale, coefficients, intercepts = weights
    logits = ((features - mean) / scale) @ coefficients.T + intercepts
    return 1.0 / (1.0 + np.exp(-logits))


def main(argv):
    input_csv = argv[1] if len(argv) > 1 else os.environ.get("MRNET_INPUT_CSV")
    output_csv = argv[2] if len(argv) > 2 else os.environ.get("MRNET_OUTPUT_CSV")
    if not input_csv or not output_csv:
        print("usage: predict.py INPUT_CSV OUTPUT_CSV (or set MRNET_INPUT_CSV and MRNET_OUTPUT_CSV)", file=sys.stderr)
        return 2

    weights_path = os.environ.get(
        "MRNET_BASELINE_WEIGHTS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "weights.json"))
    try:
        weights = load_weights(weights_path)
        exams = read_exam_paths(input_csv)
        print(f"baseline: scoring {len(exams)} exams", file=sys.stderr)
        features = np.stack([exam_features(paths) for paths in exams])
    except (OSError, ValueError, KeyError) as error:
        print(f"baseline: error: {error}", file=sys.stderr)
        return 1

    probabilities = predict(features, weights)
    with open(output_csv, "w", encoding="utf-8", newline="\n") as handle:
        for row in probabilities:
            handle.write(",".join(f"{value:.6f}" for value in row) + "\n")
    print(f"baseline: wrote {len(exams)} rows to {output_csv}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
