/**
 * scikit-learn baselines for the training benchmarks: the same split and hyper-parameters, fitted by
 * `MLPClassifier` in a `/usr/bin/python3` child process, which reports only the fit times (and the
 * accuracy on the test rows), so interpreter start-up and data transfer are not charged to it.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Matrix } from '../src/data/matrix.js'

/** Whether `/usr/bin/python3` can import scikit-learn here. */
export function hasSklearn(): boolean {
  return spawnSync('/usr/bin/python3', ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0
}

/** One model to fit: training rows, hidden layers, epochs (batch 32, Adam 1e-3 as the package's defaults). */
export interface SklearnFit {
  x: Matrix
  y: Int32Array
  hidden: number[]
  epochs: number
  seed: number
}

const SCRIPT = String.raw`
import json, sys, time, warnings
import numpy as np
from sklearn.neural_network import MLPClassifier
warnings.filterwarnings("ignore")
spec = json.load(open(sys.argv[1]))
tx = np.array(spec["test"]["x"], dtype=np.float64).reshape(-1, spec["test"]["cols"])
ty = np.array(spec["test"]["y"])
out = []
for fit in spec["fits"]:
    x = np.array(fit["x"], dtype=np.float64).reshape(-1, fit["cols"])
    y = np.array(fit["y"])
    clf = MLPClassifier(hidden_layer_sizes=tuple(fit["hidden"]), solver="adam", learning_rate_init=1e-3,
                        batch_size=32, max_iter=fit["epochs"], tol=0, n_iter_no_change=10**9, random_state=fit["seed"])
    t = time.perf_counter()
    clf.fit(x, y)
    seconds = time.perf_counter() - t
    out.append({"seconds": seconds, "accuracy": float((clf.predict(tx) == ty).mean()) if len(ty) else None})
print(json.dumps(out))
`

/** Fits every model in one Python process, one after the other; per fit its seconds and test accuracy. */
export function sklearnFits(fits: SklearnFit[], test: { x: Matrix; y: Int32Array }): { seconds: number; accuracy: number }[] {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sklearn-'))
  try {
    const file = join(dir, 'spec.json')
    writeFileSync(file, JSON.stringify({
      test: { x: Array.from(test.x.data), cols: test.x.cols, y: Array.from(test.y) },
      fits: fits.map((f) => ({ x: Array.from(f.x.data), cols: f.x.cols, y: Array.from(f.y), hidden: f.hidden, epochs: f.epochs, seed: f.seed })),
    }))
    const r = spawnSync('/usr/bin/python3', ['-c', SCRIPT, file], { encoding: 'utf8', timeout: 900_000 })
    if (r.status !== 0) throw new Error(`/usr/bin/python3 (scikit-learn fits) failed (${r.status}):\n${r.stderr}`)
    return JSON.parse(r.stdout) as { seconds: number; accuracy: number }[]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
