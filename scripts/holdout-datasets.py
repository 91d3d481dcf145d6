#!/usr/bin/python3
"""Labelled anomaly-detection files that played no part in designing dde's defaults, with Isolation Forest figures.

The defaults (quantile scaling, the sigma selection's rule and thresholds) were settled on thyroid, cardio and
mammography (docs/quality.md), so their ROC-AUCs there are not an independent test. This script builds three more
files the way the ODDS benchmark builds its namesakes, from datasets that Debian's scikit-learn ships (no download):

  wbc      breast cancer (Wisconsin diagnostic, 30 features): the 357 benign points and 21 malignant ones drawn at
           random (ODDS 'wbc': 378 points, 21 anomalies)
  wine     wine (13 features): classes 1 and 2 (119 points) and 10 points of class 0 drawn at random (ODDS 'wine')
  digits   8x8 digits: every 1..9 (1,617 points) and 50 zeros drawn at random (after ODDS 'optdigits', which uses the
           larger UCI set); pixels that are constant across the file are dropped

It writes OUT_DIR/<name>.csv (f0..fN, label: 1 = anomaly) and prints, per file, the ROC-AUC of scikit-learn's
IsolationForest (100 trees, fit and scored on all points, mean of seeds 0, 1, 2), as ../shared/data/README.md
measured it for the other files. The draws are seeded, so the files are the same on every run.

Usage: /usr/bin/python3 scripts/holdout-datasets.py OUT_DIR      (needs Debian's python3-sklearn)
Then:  scripts/anomaly-auc.sh OUT_DIR/wbc.csv OUT_DIR/wine.csv OUT_DIR/digits.csv
"""
import os
import sys

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits, load_wine
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score


def compose(x, y, inlier, outlier, n_outliers, seed):
    rng = np.random.default_rng(seed)
    inliers = np.flatnonzero(inlier(y))
    outliers = rng.choice(np.flatnonzero(outlier(y)), size=n_outliers, replace=False)
    rows = np.concatenate([inliers, np.sort(outliers)])
    features = x[rows]
    keep = features.max(axis=0) > features.min(axis=0)
    return features[:, keep], np.concatenate([np.zeros(len(inliers), int), np.ones(n_outliers, int)])


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    cancer, wine, digits = load_breast_cancer(), load_wine(), load_digits()
    files = {
        # sklearn's breast cancer labels: 0 = malignant, 1 = benign
        "wbc": compose(cancer.data, cancer.target, lambda y: y == 1, lambda y: y == 0, 21, 1),
        "wine": compose(wine.data, wine.target, lambda y: y != 0, lambda y: y == 0, 10, 1),
        "digits": compose(digits.data, digits.target, lambda y: y != 0, lambda y: y == 0, 50, 1),
    }
    for name, (x, label) in files.items():
        path = os.path.join(out_dir, name + ".csv")
        with open(path, "w") as f:
            f.write(",".join(["f%d" % i for i in range(x.shape[1])] + ["label"]) + "\n")
            for row, l in zip(x, label):
                f.write(",".join(repr(float(v)) for v in row) + ",%d\n" % l)
        aucs = []
        for seed in (0, 1, 2):
            forest = IsolationForest(n_estimators=100, random_state=seed).fit(x)
            aucs.append(roc_auc_score(label, -forest.score_samples(x)))
        print("%-7s %5d points x %2d features, %3d anomalies (%.1f%%): IsolationForest ROC-AUC %.4f (seeds %s) -> %s"
              % (name, len(label), x.shape[1], label.sum(), 100.0 * label.mean(), np.mean(aucs),
                 " ".join("%.4f" % a for a in aucs), path))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
