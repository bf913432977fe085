#!/usr/bin/env python3
"""Trains the baseline's weights on an MRNet-layout train split and writes weights.json.

Usage: train.py DATA_DIR WEIGHTS_JSON [--split train]

DATA_DIR is the MRNet-v1.0 folder (or the folder that contains it) with
{split}/{sagittal,coronal,axial}/NNNN.npy and {split}-{abnormal,acl,meniscus}.csv. Every case
in the label files is used. One L2-regularised logistic regression per task is fitted by
Newton's method on standardised features; the regularisation strength is picked by 5-fold
cross-validated AUC. If a valid split is present, its AUCs are printed as well.
Needs only numpy.
"""

import argparse
import json
import os
import sys
import time

import numpy as np

from predict import PLANES, TASKS, exam_features, predict

PENALTIES = (0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
FOLDS = 5


def dataset_directory(path):
    nested = os.path.join(path, "MRNet-v1.0")
    return nested if os.path.isdir(nested) else path


def read_labels(directory, split):
    """Returns the case ids and a (cases, 3) label matrix, checking that the three files agree."""
    columns = []
    cases = None
    for task in TASKS:
        path = os.path.join(directory, f"{split}-{task}.csv")
        with open(path, encoding="utf-8") as handle:
            rows = [line.strip().split(",") for line in handle if line.strip()]
        ids = [row[0] for row in rows]
        if cases is not None and ids != cases:
            raise ValueError(f"{path}: its case ids differ from those of {split}-{TASKS[0]}.csv")
        cases = ids
        columns.append([int(row[1]) for row in rows])
    return cases, np.asarray(columns, dtype=np.float64).T


def load_features(directory, split, cases):
    started = time.monotonic()
    rows = []
    for number, case in enumerate(cases, start=1):
        paths = [os.path.join(directory, split, plane, f"{case}.npy") for plane in PLANES]
        rows.append(exam_features(paths))
        if number % 50 == 0 or number == len(cases):
            print(f"  {split}: features of {number}/{len(cases)} exams ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    return np.stack(rows).astype(np.float64)


def auc(labels, scores):
    """ROC AUC as the Mann-Whitney statistic with average ranks for ties."""
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores), dtype=np.float64)
    sorted_scores = scores[order]
    start = 0
    while start < len(scores):
        end = start
        while end + 1 < len(scores) and sorted_scores[end + 1] == sorted_scores[start]:
            end += 1
        ranks[order[start:end + 1]] = (start + end) / 2.0 + 1.0
        start = end + 1
    positives = labels == 1
    n_pos = positives.sum()
    n_neg = len(labels) - n_pos
    return (ranks[positives].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg)


def fit_logistic(features, labels, penalty, iterations=50):
    """Newton's method for L2-regularised logistic regression; the intercept is not penalised."""
    design = np.hstack([features, np.ones((features.shape[0], 1))])
    weights = np.zeros(design.shape[1])
    regulariser = np.full(design.shape[1], penalty)
    regulariser[-1] = 0.0
    for _ in range(iterations):
        probabilities = 1.0 / (1.0 + np.exp(-(design @ weights)))
        gradient = design.T @ (probabilities - labels) + regulariser * weights
        hessian = (design.T * (probabilities * (1.0 - probabilities))) @ design + np.diag(regulariser + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-8:
            break
    return weights[:-1], weights[-1]


def choose_penalty(features, labels, seed):
    folds = np.random.default_rng(seed).permutation(len(labels)) % FOLDS
    best = None
    for penalty in PENALTIES:
        scores = np.empty(len(labels))
        for fold in range(FOLDS):
            train, test = folds != fold, folds == fold
            coefficients, intercept = fit_logistic(features[train], labels[train], penalty)
            scores[test] = features[test] @ coefficients + intercept
        value = auc(labels, scores)
        if best is None or value > best[1]:
            best = (penalty, value)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", help="MRNet-v1.0 folder, or the folder that contains it")
    parser.add_argument("weights_json", help="output path of the weights")
    parser.add_argument("--split", default="train", help="split to train on (default: train)")
    args = parser.parse_args()

    directory = dataset_directory(args.data_dir)
    cases, labels = read_labels(directory, args.split)
    print(f"training on {len(cases)} {args.split} exams from {directory}", file=sys.stderr)
    features = load_features(directory, args.split, cases)

    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale < 1e-9] = 1.0
    standardised = (features - mean) / scale

    tasks = {}
    for index, task in enumerate(TASKS):
        penalty, cv_auc = choose_penalty(standardised, labels[:, index], seed=index)
        coefficients, intercept = fit_logistic(standardised, labels[:, index], penalty)
        tasks[task] = {"coefficients": coefficients.tolist(), "intercept": float(intercept), "penalty": penalty}
        print(f"  {task}: penalty {penalty}, cross-validated AUC {cv_auc:.3f}", file=sys.stderr)

    weights = {
        "features": "per plane: 8x8 block means over the central 40% of slices, then 8x8 block peak fraction above 200",
        "trained_on": {"split": args.split, "exams": len(cases)},
        "feature_mean": mean.tolist(),
        "feature_scale": scale.tolist(),
        "tasks": tasks,
    }
    with open(args.weights_json, "w", encoding="utf-8") as handle:
        json.dump(weights, handle)
    print(f"wrote {args.weights_json}", file=sys.stderr)

    if args.split != "valid" and os.path.exists(os.path.join(directory, "valid-abnormal.csv")):
        valid_cases, valid_labels = read_labels(directory, "valid")
        valid_features = load_features(directory, "valid", valid_cases)
        loaded = (mean, scale, np.asarray([tasks[t]["coefficients"] for t in TASKS]), np.asarray([tasks[t]["intercept"] for t in TASKS]))
        probabilities = predict(valid_features, loaded)
        aucs = [auc(valid_labels[:, i], probabilities[:, i]) for i in range(len(TASKS))]
        print("  valid AUC: " + ", ".join(f"{t} {a:.3f}" for t, a in zip(TASKS, aucs)) + f", mean {np.mean(aucs):.3f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
