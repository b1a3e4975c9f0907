#!/usr/bin/python3
"""Reference values for kolmogorov-n.test.ts and ks.test.ts beyond the exact two-sample range,
written to scipy-kstwo-values.json.

Run: /usr/bin/python3 test/unit/metrics/make-scipy-kstwo-values.py
  * "kstwo": scipy.stats.kstwo.sf(d, n), the exact one-sample two-sided distribution that
    ks_2samp(method='auto') uses when a sample has more than 10000 values. The (n, d) grid reaches
    every region of Simard & L'Ecuyer's method selection: n*d <= 1, n*d >= n - 1, d >= 0.5, and
    n*d^2 on both sides of 0.754693, 2.2, 4, 18 and 370, for n <= 140 and n > 140 (and n*d^1.5
    on both sides of 1.4, n on both sides of 100000).
  * "ks2": scipy.stats.ks_2samp(a, b) (method 'auto', two-sided) for samples too large to store:
    a[i] = i / n1 and b[j] = shift + scale * j / n2, which the test rebuilds.
The generator's scipy and numpy versions are written beside the values.
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import stats

kstwo = []
for n in [1, 2, 3, 10, 50, 139, 140, 141, 400, 5600, 20000, 100000, 100001, 300000]:
    ds = set()
    for c in [0.6, 0.9]:                       # n*d <= 1 (Ruben-Gambino)
        ds.add(c / n)
    for c in [0.05, 0.3, 0.7, 0.754693, 0.8, 1.0, 1.5, 1.846, 2.0, 2.19, 2.21, 3.0, 3.99, 4.01, 6.0, 10.0, 17.9, 18.1, 50.0, 369.0, 371.0]:
        ds.add(math.sqrt(c / n))               # n*d^2 = c
    for c in [1.0, 1.39, 1.41, 3.0]:           # n*d^1.5 = c
        ds.add((c / n) ** (2 / 3))
    for d in [0.018155, 0.05, 0.3, 0.5, 0.6, 0.97]:
        ds.add(d)
    if n > 2:
        ds.add((n - 0.5) / n)                  # n*d >= n - 1
    for d in sorted(ds):
        if 0 < d < 1:
            kstwo.append({'n': n, 'd': float(d), 'sf': float(stats.kstwo.sf(d, n))})

ks2 = []
for n1, n2, shift, scale in [(12000, 10500, 0.0, 1.02), (20000, 20000, 0.01, 1.0), (20001, 20001, 0.0, 1.01),
                             (15000, 60, 0.1, 1.0), (10001, 3, 0.2, 1.0), (30000, 9000, 0.003, 0.99)]:
    a = np.arange(n1) / n1
    b = shift + scale * np.arange(n2) / n2
    r = stats.ks_2samp(a, b)
    ks2.append({'n1': n1, 'n2': n2, 'shift': shift, 'scale': scale, 'd': float(r.statistic), 'p': float(r.pvalue)})

out = {'generator': {'scipy': scipy.__version__, 'numpy': np.__version__}, 'kstwo': kstwo, 'ks2': ks2}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'scipy-kstwo-values.json')
with open(path, 'w') as f:
    json.dump(out, f)
print('wrote', path, len(kstwo), 'kstwo values,', len(ks2), 'ks_2samp values')
