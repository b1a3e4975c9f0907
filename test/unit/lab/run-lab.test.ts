import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { LAB_COLUMNS, runLab, type LabOptions, type LabRow } from '../../../src/lab/run-lab.js'

const breastCancer = fileURLToPath(new URL('../../../fixtures/data/breast_cancer.csv', import.meta.url))

// Small budgets: 100 members, 100 non-members, 369 pool records, tiny networks.
const small = (seed: number, extra: Partial<LabOptions> = {}): LabOptions => ({
  dataset: breastCancer, seed, scaling: { kind: 'standardize' }, members: 100, nonMembers: 100,
  targetHidden: [16], targetEpochs: 8, surrogateHidden: [8], surrogateEpochs: 8, ...extra,
})
const withoutSeconds = ({ seconds: _, ...rest }: LabRow) => rest

describe('runLab: offline LiRA column', () => {
  it('a DP row has a LiRA AUC in [0, 1], the same for the same seed (references trained the target\'s way)', async () => {
    const a = await runLab(small(4, { dpEpsilon: 2 }))
    const b = await runLab(small(4, { dpEpsilon: 2 }))
    expect(LAB_COLUMNS).toContain('membership_auc_lira')
    expect(typeof a.membership_auc_lira).toBe('number')
    expect(a.membership_auc_lira).toBeGreaterThanOrEqual(0)
    expect(a.membership_auc_lira).toBeLessThanOrEqual(1)
    expect(a.accountant_epsilon).toBeCloseTo(2, 5)
    expect(withoutSeconds(b)).toEqual(withoutSeconds(a))
    // Another seed draws other members, references and noise.
    const c = await runLab(small(5, { dpEpsilon: 2 }))
    expect(c.membership_auc_lira).not.toBe(a.membership_auc_lira)
  })

  it('a non-private row runs LiRA only when asked (the CLI asks beside DP rows); the other columns do not change', async () => {
    const plain = await runLab(small(4))
    expect(plain.membership_auc_lira).toBe('')
    const withLira = await runLab(small(4, { liraModels: 2 }))
    expect(withLira.membership_auc_lira).toBeGreaterThanOrEqual(0)
    expect(withLira.membership_auc_lira).toBeLessThanOrEqual(1)
    expect({ ...withoutSeconds(withLira), membership_auc_lira: '' }).toEqual(withoutSeconds(plain))
    await expect(runLab(small(4, { liraModels: 1.5 }))).rejects.toThrow('liraModels: expected an integer ≥ 0, found 1.5')
  })
})
