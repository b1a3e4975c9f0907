#!/usr/bin/python3
"""Reference values for delong-paired.test.ts, written to delong-paired-values.json.

Run: /usr/bin/python3 test/unit/metrics/make-delong-paired-values.py   (Debian python3-scipy)

Source followed: the fast DeLong algorithm of Sun & Xu (2014), "Fast Implementation of DeLong's
Algorithm for Comparing the Areas Under Correlated Receiver Operating Characteristic Curves", IEEE
Signal Processing Letters 21(11), as implemented in yandexdataschool/roc_comparison,
compare_auc_delong_xu.py (functions compute_midrank, fastDeLong_no_weights, calc_pvalue; MIT
licence). Rewritten here with numpy only (that file uses np.float, gone from numpy >= 1.24): midranks
of each model's scores within the positives (tx), within the negatives (ty) and over all (tz);
v01 = (tz[:, :m] - tx) / n, v10 = 1 - (tz[:, m:] - ty) / m; covariance S = cov(v01)/m + cov(v10)/n;
z = (auc_2 - auc_1) / sqrt([1, -1] S [1, -1]^T); p = 2 * norm.sf(|z|). roc_comparison returns
log10(p) of |z|; the signed z and p itself are written here.

"unpaired" cases: each model on its own records, z = (auc_2 - auc_1) / sqrt(var_1 + var_2) with each
variance the 1x1 fastDeLong covariance.

Scores are drawn from numpy's default_rng (seeded) and rounded (to 2 or 6 decimals, so ties occur
in some cases) before anything is computed; the rounded scores are written, so the TypeScript tests
never need numpy's generator.
"""
import json
import os

import numpy as np
import scipy
from scipy import stats


def midrank(x):
    order = np.argsort(x, kind='mergesort')
    z = x[order]
    n = len(x)
    t = np.zeros(n, dtype=np.float64)
    i = 0
    while i < n:
        j = i
        while j < n and z[j] == z[i]:
            j += 1
        t[i:j] = 0.5 * (i + j - 1)
        i = j
    out = np.empty(n, dtype=np.float64)
    out[order] = t + 1
    return out


def fast_delong(predictions, m):
    """predictions: k x (m + n), positives first. Returns (aucs, covariance)."""
    n = predictions.shape[1] - m
    k = predictions.shape[0]
    tx = np.empty([k, m])
    ty = np.empty([k, n])
    tz = np.empty([k, m + n])
    for r in range(k):
        tx[r] = midrank(predictions[r, :m])
        ty[r] = midrank(predictions[r, m:])
        tz[r] = midrank(predictions[r])
    aucs = tz[:, :m].sum(axis=1) / m / n - float(m + 1.0) / 2.0 / n
    v01 = (tz[:, :m] - tx) / n
    v10 = 1.0 - (tz[:, m:] - ty) / m
    sx = np.atleast_2d(np.cov(v01))
    sy = np.atleast_2d(np.cov(v10))
    return aucs, sx / m + sy / n


def test_of(diff, var):
    z = diff / np.sqrt(var)
    return float(z), float(2 * stats.norm.sf(abs(z)))


rng = np.random.default_rng(20261202)
paired = []
for name, n, m, rho, shift, decimals in [
    ('equal models, 60 vs 60', 60, 60, 0.6, 0.0, 6),
    ('head leaks more, 200 vs 150', 200, 150, 0.5, 0.4, 6),
    ('head leaks less, 120 vs 300', 120, 300, 0.8, -0.3, 6),
    ('ties on a coarse grid, 250 vs 250', 250, 250, 0.7, 0.2, 1),
    ('weakly correlated, 500 vs 400', 500, 400, 0.1, 0.1, 6),
    ('small, 5 vs 7', 5, 7, 0.5, 0.5, 2),
]:
    def draw(count, mean_base, mean_head):
        common = rng.normal(0, 1, count)
        a = np.sqrt(rho) * common + np.sqrt(1 - rho) * rng.normal(0, 1, count) + mean_base
        b = np.sqrt(rho) * common + np.sqrt(1 - rho) * rng.normal(0, 1, count) + mean_head
        return np.round(a, decimals), np.round(b, decimals)
    base_members, head_members = draw(n, 0.6, 0.6 + shift)
    base_non, head_non = draw(m, 0.0, 0.0)
    predictions = np.vstack((np.concatenate([base_members, base_non]), np.concatenate([head_members, head_non])))
    aucs, cov = fast_delong(predictions, n)
    contrast = np.array([[1, -1]])
    var = float((contrast @ cov @ contrast.T)[0, 0])
    z, p = test_of(aucs[1] - aucs[0], var)
    paired.append({
        'name': name,
        'base': {'members': base_members.tolist(), 'nonMembers': base_non.tolist()},
        'head': {'members': head_members.tolist(), 'nonMembers': head_non.tolist()},
        'aucBase': float(aucs[0]), 'aucHead': float(aucs[1]),
        'varianceBase': float(cov[0, 0]), 'varianceHead': float(cov[1, 1]),
        'z': z, 'p': p,
    })

unpaired = []
for name, n1, m1, n2, m2, shift in [('different counts', 100, 80, 60, 90, 0.3), ('same counts', 150, 150, 150, 150, 0.0)]:
    def one(n, m, mean):
        members = np.round(rng.normal(mean, 1, n), 6)
        non = np.round(rng.normal(0, 1, m), 6)
        aucs, cov = fast_delong(np.concatenate([members, non])[np.newaxis, :], n)
        return members, non, float(aucs[0]), float(cov[0, 0])
    bm, bn, ba, bv = one(n1, m1, 0.5)
    hm, hn, ha, hv = one(n2, m2, 0.5 + shift)
    z, p = test_of(ha - ba, bv + hv)
    unpaired.append({
        'name': name,
        'base': {'members': bm.tolist(), 'nonMembers': bn.tolist()},
        'head': {'members': hm.tolist(), 'nonMembers': hn.tolist()},
        'aucBase': ba, 'aucHead': ha, 'varianceBase': bv, 'varianceHead': hv, 'z': z, 'p': p,
    })

out = {
    'generator': {'scipy': scipy.__version__, 'numpy': np.__version__,
                  'source': 'yandexdataschool/roc_comparison compare_auc_delong_xu.py (Sun & Xu 2014)'},
    'paired': paired,
    'unpaired': unpaired,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'delong-paired-values.json')
with open(path, 'w') as f:
    json.dump(out, f)
print('wrote', path)
