#!/usr/bin/python3
"""Reference values for test/unit/metrics/*.test.ts, written to sklearn-values.json beside this file.

How the values were made (run: /usr/bin/python3 test/unit/metrics/make-sklearn-values.py):
  * Score sets come from numpy's default_rng with fixed seeds, rounded to a few decimals so that
    they survive JSON exactly and contain ties. The scores themselves are written to the JSON, so the
    TypeScript tests never need to reproduce numpy's generator.
    Label convention: members are y = 1, non-members y = 0; higher score = more likely a member.
  * "auc" is sklearn.metrics.roc_auc_score(y, scores).
  * "roc" is sklearn.metrics.roc_curve(y, scores, drop_intermediate=False). Its first threshold is a
    marker for "nobody predicted member" (max score + 1 in scikit-learn < 1.3, inf from 1.3 on); it is
    written as null, and the TypeScript side uses +Infinity for it.
  * "advantage" = max |tpr - fpr| and "tprAtFpr" = largest tpr with fpr <= f (with the smallest fpr
    at which that tpr is reached) are read off the scikit-learn ROC arrays above.
  * "delong" is NOT from scikit-learn (it has no DeLong): it is computed here with a textbook
    O(n*m) implementation of DeLong, DeLong & Clarke-Pearson (1988) -- the full kernel matrix
    psi(x, y) = 1[x > y] + 0.5 * 1[x == y], placement values V10 = row means, V01 = column means,
    variance = var(V10, ddof=1) / n + var(V01, ddof=1) / m -- and scipy.stats.norm.ppf for the normal
    interval, clipped to [0, 1]. This deliberately differs from the midrank algorithm under test.
  * "normal" holds scipy.stats.norm.cdf / norm.ppf values for the tests of src/metrics/normal.ts.

Versions used are recorded in the JSON under "generator".
"""
import json
import os
import sys

import numpy as np
import scipy
import sklearn
from scipy.stats import norm
from sklearn.metrics import roc_auc_score, roc_curve


def score_sets():
    """(name, note, members, non_members) tuples, all deterministic."""
    rng = np.random.default_rng(20240601)
    sets = []
    sets.append(("normal-shift", "continuous scores, 200 vs 300, members shifted up by 0.6",
                 np.round(rng.normal(0.6, 1.0, 200), 6), np.round(rng.normal(0.0, 1.0, 300), 6)))
    sets.append(("discrete-ties", "integer scores 0..9 (heavy ties), 150 vs 150",
                 rng.integers(2, 10, 150).astype(float), rng.integers(0, 8, 150).astype(float)))
    sets.append(("unbalanced", "20 members vs 500 non-members, two decimals (some ties)",
                 np.round(rng.beta(3, 2, 20), 2), np.round(rng.beta(2, 3, 500), 2)))
    sets.append(("below-half", "members score lower than non-members: AUC < 0.5, 100 vs 120",
                 np.round(rng.normal(-0.5, 1.0, 100), 3), np.round(rng.normal(0.0, 1.0, 120), 3)))
    sets.append(("three-levels", "scores in {0, 0.5, 1} only, 50 vs 80",
                 rng.choice([0.0, 0.5, 1.0], 50, p=[0.2, 0.3, 0.5]),
                 rng.choice([0.0, 0.5, 1.0], 80, p=[0.4, 0.4, 0.2])))
    sets.append(("confidences", "max-confidence-like scores in (0, 1], many exactly 1, 400 vs 250",
                 np.round(np.minimum(1.0, rng.beta(8, 1, 400) * 1.05), 4),
                 np.round(np.minimum(1.0, rng.beta(5, 1, 250) * 1.02), 4)))
    sets.append(("many-nonmembers", "5 members vs 1000 non-members with negative scores",
                 np.round(-rng.exponential(0.5, 5), 4), np.round(-rng.exponential(1.0, 1000), 4)))
    sets.append(("tiny", "hand-written: 3 vs 4 with a tie across the sets",
                 np.array([0.9, 0.4, 0.35]), np.array([0.4, 0.1, 0.8, 0.2])))
    return sets


def delong_textbook(x, y, level):
    """O(n*m) DeLong from the full kernel matrix (x: members, y: non-members)."""
    psi = (x[:, None] > y[None, :]).astype(float) + 0.5 * (x[:, None] == y[None, :])
    v10 = psi.mean(axis=1)
    v01 = psi.mean(axis=0)
    auc = psi.mean()
    variance = v10.var(ddof=1) / len(x) + v01.var(ddof=1) / len(y)
    half = norm.ppf(0.5 + level / 2) * np.sqrt(variance)
    return {"level": level, "auc": float(auc), "variance": float(variance),
            "interval": [float(max(0.0, auc - half)), float(min(1.0, auc + half))]}


def floats(a):
    return [float(v) for v in a]


def main():
    cases = []
    for name, note, members, non_members in score_sets():
        y = np.concatenate([np.ones(len(members)), np.zeros(len(non_members))])
        s = np.concatenate([members, non_members])
        fpr, tpr, thresholds = roc_curve(y, s, drop_intermediate=False)
        assert thresholds[0] > s.max(), "first sklearn threshold should be the 'nobody' marker"
        tpr_at = {}
        for f in (0.01, 0.05, 0.1, 0.25):
            ok = fpr <= f
            best = tpr[ok].max()
            # the FPR actually reached: the smallest one among qualifying points with that TPR
            tpr_at[str(f)] = {"tpr": float(best), "fpr": float(fpr[ok & (tpr == best)].min())}
        cases.append({
            "name": name,
            "note": note,
            "members": floats(members),
            "nonMembers": floats(non_members),
            "auc": float(roc_auc_score(y, s)),
            "roc": {
                "fpr": floats(fpr),
                "tpr": floats(tpr),
                "thresholds": [None] + floats(thresholds[1:]),
            },
            "advantage": float(np.max(np.abs(tpr - fpr))),
            "tprAtFpr": tpr_at,
            "delong": [delong_textbook(members, non_members, 0.95), delong_textbook(members, non_members, 0.8)],
        })
    ps = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.01, 0.02425, 0.025, 0.1, 0.3, 0.5,
          0.7, 0.9, 0.95, 0.975, 0.97575, 0.99, 0.999, 1 - 1e-10]
    xs = [-38.0, -30.0, -20.0, -10.0, -5.0, -3.0, -1.96, -1.0, -0.5, -0.2, 0.0, 0.3, 0.46875 * np.sqrt(2),
          1.0, 1.96, 3.0, 5.0, 8.0]
    out = {
        "generator": {
            "script": "test/unit/metrics/make-sklearn-values.py",
            "python": sys.version.split()[0],
            "numpy": np.__version__,
            "scikit-learn": sklearn.__version__,
            "scipy": scipy.__version__,
        },
        "cases": cases,
        "normal": {
            "quantile": [{"p": float(p), "x": float(norm.ppf(p))} for p in ps],
            "cdf": [{"x": float(x), "p": float(norm.cdf(x))} for x in xs],
        },
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sklearn-values.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes, {len(cases)} score sets)")


if __name__ == "__main__":
    main()
