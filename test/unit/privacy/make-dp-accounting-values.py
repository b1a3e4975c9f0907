#!/usr/bin/env python3
"""Writes dp-accounting-values.json: reference values for test/unit/privacy/*.test.ts.

Sources (their code is run here, never copied into this repository):
  - Google's dp_accounting (github.com/google/differential-privacy, python/dp_accounting): the RDP
    accountant's epsilon for Poisson-subsampled Gaussian DP-SGD, and calibrate_dp_mechanism.
  - DeepMind's jax_privacy (github.com/google-deepmind/jax_privacy, jax_privacy/auditing.py): the
    one-run audit bound (_epsilon_one_run) and the Clopper-Pearson upper limit. Only those functions
    are taken out of auditing.py (with ast) and run, so jax itself is not needed.

Usage (Debian: apt-get install python3-numpy python3-scipy python3-absl python3-attr):
  git --git-dir=<mirror of google/differential-privacy> archive HEAD python/dp_accounting | tar -x -C /tmp/ref
  git --git-dir=<mirror of google-deepmind/jax_privacy> archive HEAD jax_privacy/auditing.py | tar -x -C /tmp/ref
  /usr/bin/python3 make-dp-accounting-values.py /tmp/ref/python/dp_accounting /tmp/ref/jax_privacy/auditing.py \
      <dp commit> <jax_privacy commit> > dp-accounting-values.json
"""
import ast
import json
import math
import os
import sys

import numpy as np
import scipy
import scipy.optimize
import scipy.special
import scipy.stats

dp_dir, auditing_py, dp_commit, jax_commit = sys.argv[1:5]
sys.path.insert(0, dp_dir)
import dp_accounting  # noqa: E402

with open(os.path.join(dp_dir, 'VERSION')) as f:
  dp_version = [l.strip() for l in f if l.strip() and not l.startswith('"')][0]


def rdp_epsilon(sigma, q, steps, delta):
  acc = dp_accounting.rdp.RdpAccountant()
  acc.compose(dp_accounting.SelfComposedDpEvent(
      dp_accounting.PoissonSampledDpEvent(q, dp_accounting.GaussianDpEvent(sigma)), steps))
  eps, order = acc.get_epsilon_and_optimal_order(delta)
  return float(eps), float(order)


grid = []
for sigma in (0.6, 1.1, 2.5, 6.0):
  for q in (0.001, 256 / 60000, 0.02, 0.3, 1.0):
    for steps in (1, 500, 14062):
      for delta in (1e-5, 1e-8):
        eps, order = rdp_epsilon(sigma, q, steps, delta)
        grid.append(dict(noiseMultiplier=sigma, sampleRate=q, steps=steps, delta=delta, epsilon=eps, order=order))

# Abadi et al. (2016), MNIST: batch 256 of 60000, sigma 1.1, 60 epochs, delta 1e-5.
mnist_steps = math.ceil(60 * 60000 / 256)
eps, order = rdp_epsilon(1.1, 256 / 60000, mnist_steps, 1e-5)
mnist = dict(noiseMultiplier=1.1, sampleRate=256 / 60000, steps=mnist_steps, delta=1e-5, epsilon=eps, order=order)

calibration = []
for target, q, steps, delta in ((1.0, 0.01, 1000, 1e-5), (2.0, 256 / 60000, 14062, 1e-5), (8.0, 0.1, 200, 1e-6), (0.5, 0.004, 5000, 1e-6)):
  sigma = dp_accounting.calibrate_dp_mechanism(
      dp_accounting.rdp.RdpAccountant,
      lambda s, q=q, steps=steps: dp_accounting.SelfComposedDpEvent(
          dp_accounting.PoissonSampledDpEvent(q, dp_accounting.GaussianDpEvent(s)), steps),
      target, delta, tol=1e-9)
  calibration.append(dict(targetEpsilon=target, sampleRate=q, steps=steps, delta=delta, noiseMultiplier=float(sigma)))

# The few functions of auditing.py the audits are checked against, executed without jax.
with open(auditing_py) as f:
  tree = ast.parse(f.read())
wanted = {'_binom', '_logistic', '_one_run_p_value', '_epsilon_one_run', '_clopper_pearson_upper'}
ns = dict(np=np, scipy=scipy)
for node in tree.body:
  names = [node.name] if isinstance(node, ast.FunctionDef) else [t.id for t in node.targets if isinstance(t, ast.Name)] if isinstance(node, ast.Assign) else []
  if wanted.intersection(names):
    exec(compile(ast.Module(body=[node], type_ignores=[]), auditing_py, 'exec'), ns)
missing = wanted - set(ns)
if missing:
  raise SystemExit(f'auditing.py no longer defines {sorted(missing)}')

one_run = []
for m, r, v, delta, conf in ((1000, 100, 95, 1e-5, 0.95), (1000, 100, 80, 1e-5, 0.95), (1000, 1000, 600, 1e-5, 0.95),
                             (200, 50, 50, 0.0, 0.9), (5000, 500, 400, 1e-6, 0.99), (100, 20, 12, 1e-5, 0.95),
                             (10000, 1000, 700, 1e-5, 0.95), (1000, 200, 190, 1e-3, 0.95)):
  eps = ns['_epsilon_one_run'](0.0, m, r, v, 1 - conf, delta)
  one_run.append(dict(canaries=m, guesses=r, correct=v, delta=delta, confidence=conf, epsilon=float(eps)))

cp_upper = []
for k, n, s in ((0, 10, 0.025), (3, 10, 0.025), (100, 1000, 0.025), (0, 1000, 0.005), (999, 1000, 0.05), (500, 20000, 1e-4)):
  cp_upper.append(dict(k=k, n=n, significance=s, upper=float(ns['_clopper_pearson_upper'](k, n, s))))

json.dump(dict(
    source=dict(
        dp_accounting=dict(repository='github.com/google/differential-privacy', path='python/dp_accounting', version=dp_version, commit=dp_commit),
        jax_privacy=dict(repository='github.com/google-deepmind/jax_privacy', path='jax_privacy/auditing.py', commit=jax_commit),
        numpy=np.__version__, scipy=scipy.__version__,
        generator='test/unit/privacy/make-dp-accounting-values.py'),
    rdpGrid=grid, mnist=mnist, calibration=calibration, oneRun=one_run, clopperPearsonUpper=cp_upper,
), sys.stdout, indent=1)
sys.stdout.write('\n')
