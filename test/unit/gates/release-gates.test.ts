import { stripVTControlCharacters } from 'node:util'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import '../../../src/setup.js'
import type { ResolvedConfig, ResolvedGates, ResolvedModel } from '../../../src/gates/config/index.js'
import { createGateModel } from '../../../src/gates/model.js'
import type { PrivacyGatesMeta } from '../../../src/gates/record.js'

// Resolved configs are plain objects (what the plugin hands to workers), so these tests build them
// directly; loading and validating the file is tested in ./config.
const fixture = (p: string) => fileURLToPath(new URL(`../../../fixtures/${p}`, import.meta.url))
const split = (name: string) => fixture(`data/digits-split/${name}.csv`)

function model(name: string, membersFile: string, gates: ResolvedGates): ResolvedModel {
  return {
    name,
    pointer: `/models/${name}`,
    seed: 0,
    target: { type: 'tfjs', path: fixture(`models/${name}/model.json`), outputMode: 'probabilities' },
    data: { members: split(membersFile), nonMembers: split('non-members'), pool: split('pool'), evaluation: split('non-members'), label: 'label', scale: 1 / 16 },
    gates,
    attackSettings: {},
  }
}
const gates: ResolvedGates = {
  membershipAuc: { max: 0.6, attack: 'max-confidence', bound: 'point', slice: 'all', level: 'error', message: 'Ask #privacy before raising this.' },
  membershipAdvantage: { max: 0.3, attack: 'max-confidence', bound: 'point', level: 'warn' },
  membershipTpr: { max: 0.5, atFpr: 0.01, attack: 'max-confidence', bound: 'point', level: 'error' },
  surrogateFidelity: { max: 0.99, budget: 100, strategy: 'pool', level: 'error' },
  cleanAccuracy: { min: 0.85, level: 'error' },
}
const config: ResolvedConfig = {
  file: '/project/privacy-gates.json',
  models: {
    'digits-regularised': model('digits-regularised', 'members', gates),
    'digits-leaky': model('digits-leaky', 'members-leaky', { ...gates, membershipAuc: { ...gates.membershipAuc!, attack: 'loss' } }),
  },
}
const plain = (e: unknown) => stripVTControlCharacters((e as Error).message)
const records = (task: { meta: object }) => (task.meta as PrivacyGatesMeta).privacyGates ?? []

describe('createGateModel', () => {
  it('refuses an unknown name, listing the known ones', async () => {
    await expect(createGateModel(config, 'digits-regularized')).rejects.toThrow(
      '/project/privacy-gates.json has no model named "digits-regularized"; did you mean "digits-regularised"? Known models: digits-regularised, digits-leaky',
    )
    await expect(createGateModel(config, 'resnet')).rejects.toThrow(
      '/project/privacy-gates.json has no model named "resnet". Known models: digits-regularised, digits-leaky',
    )
  })
})

describe('toPassReleaseGates', () => {
  it('passes for the regularised model, records every gate, and shares work between gates', async ({ task }) => {
    const m = await createGateModel(config, 'digits-regularised')
    await expect(m).toPassReleaseGates()
    const r = records(task)
    expect(r.map((g) => g.gate)).toEqual(['membershipAuc', 'membershipAdvantage', 'membershipTpr', 'surrogateFidelity', 'cleanAccuracy'])
    expect(r.every((g) => g.pass && g.model === 'digits-regularised' && g.file === config.file)).toBe(true)
    expect(r[0]).toMatchObject({ key: 'models.digits-regularised.gates.membershipAuc.max', level: 'error' })
    expect(r[1].level).toBe('warn')
    // One membership audit for three membership gates (600 + 600), one extraction (100 queries +
    // 600 evaluation rows + 1000 uniform inputs for the second fidelity); cleanAccuracy reuses the
    // extraction's pass over the evaluation rows.
    expect(m.target.queryCount).toBe(1200 + 1700)
    expect(r[4].value).toBeCloseTo(0.937, 3)
    await expect(m).toPassReleaseGates()
    expect(m.target.queryCount).toBe(2900)
  })

  it('fails once for the leaky model, listing each failed gate with its difference, key and runbook line', async ({ task }) => {
    const m = await createGateModel(config, 'digits-leaky')
    const error = await expect(m).toPassReleaseGates().catch((e) => e)
    const message = plain(error)
    // Vitest's Received/Expected: each failed error gate's measured value against its limit.
    const failed = records(task).filter((r) => !r.pass && r.level === 'error')
    expect(failed.map((r) => r.gate)).toContain('membershipAuc')
    expect(error.actual).toEqual(Object.fromEntries(failed.map((r) => [r.gate, r.value])))
    expect(error.expected).toEqual(Object.fromEntries(failed.map((r) => [r.gate, r.threshold])))
    expect(message).toMatch(/^digits-leaky: \d of 5 release gates failed \(\/project\/privacy-gates\.json\)/)
    expect(message).toMatch(/✗ membershipAuc: membership AUC 0\.7\d\d ≥ 0\.600 \(over by 0\.1\d\d\) · loss\n\s+edit models\.digits-leaky\.gates\.membershipAuc\.max in \/project\/privacy-gates\.json\n\s+Ask #privacy before raising this\./)
    expect(message).toMatch(/[!✓] membershipAdvantage \(warn\)/)
    expect(message).toMatch(/✓ surrogateFidelity/)
  })

  it('a failing warn gate does not fail the test but is recorded', async ({ task }) => {
    const strict: ResolvedConfig = { ...config, models: { w: { ...config.models['digits-regularised'], name: 'w', gates: { membershipAdvantage: { max: 0.01, attack: 'max-confidence', bound: 'point', level: 'warn' } } } } }
    await expect(await createGateModel(strict, 'w')).toPassReleaseGates()
    expect(records(task)).toEqual([expect.objectContaining({ gate: 'membershipAdvantage', pass: false, level: 'warn' })])
    expect(task.annotations).toEqual([expect.objectContaining({ type: 'warning', message: expect.stringMatching(/^privacy gate warning: w ! membershipAdvantage \(warn\): membership advantage 0\.\d{3} ≥ 0\.010/) })])
  })

  it('gates with level "off" are skipped', async ({ task }) => {
    const off: ResolvedConfig = { ...config, models: { o: { ...config.models['digits-leaky'], name: 'o', gates: { membershipAuc: { ...gates.membershipAuc!, level: 'off' }, cleanAccuracy: gates.cleanAccuracy } } } }
    await expect(await createGateModel(off, 'o')).toPassReleaseGates()
    expect(records(task).map((g) => g.gate)).toEqual(['cleanAccuracy'])
  })

  it('refuses a subject that is not a model from the thresholds file', async () => {
    await expect(expect(() => [[1]]).toPassReleaseGates()).rejects.toThrow(/the subject must be a model from the thresholds file/)
  })
})

describe('single-gate matchers on a model from the thresholds file', () => {
  it('take the limit and settings from the file, or from the arguments', async ({ task }) => {
    const m = await createGateModel(config, 'digits-leaky')
    await expect(m).not.toHaveMembershipAucBelow() // 0.6 and attack "loss" from the file
    await expect(m).toHaveMembershipAucBelow(0.9)
    await expect(m).toHaveCleanAccuracyAbove()
    await expect(m).toHaveMembershipTprBelow(0.9, { atFpr: 0.05 })
    const [first] = records(task)
    expect(first).toMatchObject({ gate: 'membershipAuc', threshold: 0.6, attack: 'loss', pass: false, negated: true, model: 'digits-leaky' })
  })

  it('a failure message ends with the runbook line when the limit is the file’s', async () => {
    const m = await createGateModel(config, 'digits-leaky')
    const message = plain(await expect(m).toHaveMembershipAucBelow().catch((e) => e))
    expect(message).toMatch(/^Membership AUC 0\.7\d\d \(95% CI .*\) is not below the threshold 0\.600/)
    expect(message.trim().split('\n').at(-1)?.trim()).toBe('Ask #privacy before raising this.')
  })

  it('no limit anywhere: a clear error', async () => {
    const m = await createGateModel(config, 'digits-regularised')
    await expect(expect(m).toHaveSurrogateAccuracyBelow()).rejects.toThrow(
      'toHaveSurrogateAccuracyBelow(): no max given, and /project/privacy-gates.json sets none for this model — pass one (toHaveSurrogateAccuracyBelow(0.6)) or set models.digits-regularised.gates.surrogateAccuracy.max',
    )
  })

  it('bound "upper" compares the upper end of the interval', async () => {
    const m = await createGateModel(config, 'digits-regularised')
    const message = plain(await expect(m).toHaveMembershipAucBelow(0.56, { bound: 'upper' }).catch((e) => e))
    expect(message).toMatch(/^Membership AUC 0\.5\d\d \(95% CI 0\.\d{3}–(0\.\d{3})\): the interval's upper end \1 is not below the threshold 0\.560/)
  })
})

describe('membership gates: bounds, slices, suites, warnings', () => {
  it('bound "upper" is honoured by the advantage and TPR gates (DKW and bootstrap intervals)', async ({ task }) => {
    const m = await createGateModel(config, 'digits-regularised')
    await expect(m).toHaveMembershipAdvantageBelow(0.3, { bound: 'upper' })
    await expect(m).toHaveMembershipTprBelow(0.5, { bound: 'upper' })
    const [adv, tpr] = records(task)
    expect(adv.interval![1]).toBeGreaterThan(adv.value)
    expect(adv.details.bound).toBe('upper')
    expect(tpr.interval![1]).toBeGreaterThanOrEqual(tpr.value)
  })

  it('slice "worst-class" gates the AUC of the class the attack separates best', async ({ task }) => {
    const m = await createGateModel(config, 'digits-leaky')
    // `.not … 0.5`: both AUCs are well above chance on this model; the records are what is checked.
    await expect(m).not.toHaveMembershipAucBelow(0.5, { attack: 'loss' })
    await expect(m).not.toHaveMembershipAucBelow(0.5, { slice: 'worst-class', attack: 'loss' })
    const [all, worst] = records(task)
    expect(worst.details.slice).toBe('worst-class')
    expect(typeof worst.details.class).toBe('number')
    expect(worst.value).toBeGreaterThanOrEqual(all.value)
  })

  it('a TPR level the non-members cannot resolve warns with the count needed, and does not fail by itself', async ({ task }) => {
    const m = await createGateModel(config, 'digits-regularised')
    await expect(m).toHaveMembershipTprBelow(0.9, { atFpr: 0.001 })
    const [r] = records(task)
    expect(r.warnings).toEqual([
      'TPR at FPR 0.001 is not estimable with 600 non-members: at least 1000 are needed to resolve it (the value shown is at FPR 0.000)',
    ])
    expect(task.annotations.map((a) => a.message)).toEqual([`toHaveMembershipTprBelow: ${r.warnings![0]}`])
  })

  it('attack "strongest" gates on the worst attack of the suite and names it', async ({ task }) => {
    const m = await createGateModel(config, 'digits-leaky')
    const message = plain(await expect(m).toHaveMembershipAucBelow(0.6, { attack: 'strongest', suite: ['max-confidence', 'loss', 'entropy'] }).catch((e) => e))
    expect(message).toMatch(/attack: strongest → (max-confidence|loss|entropy) · suite: max-confidence 0\.\d{3}, loss 0\.\d{3}, entropy 0\.\d{3}/)
    expect(records(task)[0].attack).toMatch(/^strongest → /)
  })
})
