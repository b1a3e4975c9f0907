import { evaluateGates, type GateOutcome } from '../gates/evaluate.js'
import type { ResolvedConfig } from '../gates/config/index.js'
import { createGateModel, type GateModel } from '../gates/model.js'
import { EXIT, exitCodeOf, type ExitCode } from '../errors.js'
import type { RunProblem } from '../report/run-problems.js'
import { asInput } from './as-input.js'

/** A model of the run that produced no gate results, and why. */
export interface ModelFailure {
  model: string
  /** Its exit code: 2 input, 3 unmeasurable, 4 unexpected. */
  code: ExitCode
  error: Error
}

/**
 * Runs the gates of each named model in turn ({@link forEachModel}): one broken model does not
 * hide the others' results. Returns the outcomes, the failures and the models measured, by name.
 */
export async function measureModels(
  config: ResolvedConfig, names: readonly string[],
): Promise<{ outcomes: GateOutcome[]; failures: ModelFailure[]; models: Map<string, GateModel> }> {
  const outcomes: GateOutcome[] = []
  const models = new Map<string, GateModel>()
  const failures = await forEachModel(config, names, async (model) => {
    outcomes.push(...(await evaluateGates(model)))
    models.set(model.name, model)
  })
  return { outcomes, failures, models }
}

/**
 * Builds each named model in turn, reads its data files and runs `work` on it. A model that fails
 * (its model file, a data file, its target, `work`) is recorded and the next one runs all the same.
 * Building and reading come before any query: what fails there is the input's fault, whatever it throws.
 */
export async function forEachModel(config: ResolvedConfig, names: readonly string[], work: (model: GateModel) => Promise<void>): Promise<ModelFailure[]> {
  const failures: ModelFailure[] = []
  for (const name of names) {
    try {
      const model = await asInput(() => createGateModel(config, name))
      await asInput(() => model.source())
      await work(model)
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e))
      failures.push({ model: name, code: exitCodeOf(error), error })
    }
  }
  return failures
}

/** A failure as a report row. */
export function failureProblem(f: ModelFailure): RunProblem {
  const kind = f.code === EXIT.input ? 'input' : f.code === EXIT.unmeasurable ? 'unmeasurable' : 'unexpected'
  // This package's own errors are worded to hold no record or secret; an unexpected error's text
  // could hold anything, so the report points to stderr instead of copying it.
  const message = kind === 'unexpected' ? `${f.error.name}: an unexpected error; its message and stack are on stderr` : f.error.message
  return { where: f.model, kind, message }
}
