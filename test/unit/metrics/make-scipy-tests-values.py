#!/usr/bin/python3
"""Reference values for shapiro-wilk.test.ts and drift.test.ts, written to scipy-tests-values.json.

Run: /usr/bin/python3 test/unit/metrics/make-scipy-tests-values.py
  * "shapiro": scipy.stats.shapiro(x) for samples from numpy's default_rng (seeded), rounded to 6
    decimals so that they survive JSON exactly; the samples are written too, so the TypeScript tests
    never need numpy's generator. Sizes cover the n = 3 exact case, 4 <= n <= 11 and n >= 12.
  * "ks": scipy.stats.ks_2samp(a, b) with the default method='auto' (exact for these sizes, all
    <= 10000), two-sided.
"""
import json
import os

import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(20261128)
shapiro = []
for n, kind in [(3, 'normal'), (4, 'normal'), (5, 'uniform'), (7, 'normal'), (11, 'exponential'),
                (12, 'normal'), (20, 'uniform'), (50, 'normal'), (100, 'exponential'),
                (300, 'normal'), (1000, 'uniform')]:
    if kind == 'normal':
        x = rng.normal(1.0, 2.0, n)
    elif kind == 'uniform':
        x = rng.uniform(0, 1, n)
    else:
        x = rng.exponential(1.0, n)
    x = [round(float(v), 6) for v in x]
    r = stats.shapiro(x)
    shapiro.append({'kind': kind, 'x': x, 'w': float(r.statistic), 'p': float(r.pvalue)})

ks = []
for n1, n2, shift in [(10, 10, 0.0), (20, 15, 0.5), (50, 60, 0.2), (200, 200, 0.1), (300, 120, 0.0), (500, 700, 0.3)]:
    a = [round(float(v), 4) for v in rng.normal(0, 1, n1)]
    b = [round(float(v) + shift, 4) for v in rng.normal(0, 1, n2)]
    r = stats.ks_2samp(a, b)
    ks.append({'a': a, 'b': b, 'd': float(r.statistic), 'p': float(r.pvalue)})

out = {'generator': {'scipy': scipy.__version__, 'numpy': np.__version__}, 'shapiro': shapiro, 'ks': ks}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'scipy-tests-values.json')
with open(path, 'w') as f:
    json.dump(out, f)
print('wrote', path)
