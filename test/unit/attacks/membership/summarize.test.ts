import { describe, expect, it } from 'vitest'
import { summarizeScores } from '../../../../src/attacks/membership/summarize.js'
import { createRng } from '../../../../src/data/rng.js'
import { advantage, auc, delongInterval, dkwAdvantageInterval, tprAtFpr } from '../../../../src/metrics/index.js'

/**
 * Scores and labels of `classes` classes; members of class c score N(shift[c], 1), non-members N(0, 1),
 * so class c's membership AUC is Φ(shift[c]/√2).
 */
function data(seed: number, perClass: [members: number, nonMembers: number][], shift: number[]) {
  const rng = createRng(seed)
  const side = (which: 0 | 1) => {
    const scores: number[] = [], labels: number[] = []
    perClass.forEach((counts, c) => {
      for (let i = 0; i < counts[which]; i++) {
        scores.push((which === 0 ? shift[c] : 0) + rng.normal())
        labels.push(c)
      }
    })
    // Interleave the classes, as real data would be.
    const order = Array.from(scores, (_, i) => i)
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1)
      ;[order[i], order[j]] = [order[j], order[i]]
    }
    return { scores: Float64Array.from(order, (i) => scores[i]), labels: Int32Array.from(order, (i) => labels[i]) }
  }
  const m = side(0), n = side(1)
  return { scores: { members: m.scores, nonMembers: n.scores }, labels: { members: m.labels, nonMembers: n.labels } }
}

const three = data(1, [[200, 250], [150, 180], [220, 200]], [0.3, 1.5, 0.6])

function subset(scores: Float64Array, labels: Int32Array, c: number): Float64Array {
  return scores.filter((_, i) => labels[i] === c)
}

describe('summarizeScores', () => {
  it('reports the metrics of the scores with their intervals (DeLong, DKW, seeded bootstrap)', () => {
    const { scores, labels } = three
    const r = summarizeScores('loss', scores, labels, 3)
    expect(r.attack).toBe('loss')
    expect(r.auc).toBe(auc(scores.members, scores.nonMembers))
    expect(r.aucInterval).toEqual(delongInterval(scores.members, scores.nonMembers).interval)
    expect(r.advantage).toBe(advantage(scores.members, scores.nonMembers))
    expect(r.advantageInterval).toEqual(dkwAdvantageInterval(r.advantage, 570, 630))
    expect(r.advantageInterval![0]).toBeLessThan(r.advantage)
    expect(r.advantageInterval![1]).toBeGreaterThan(r.advantage)
    for (const level of ['0.01', '0.001']) {
      const { interval, ...point } = r.tprAtFpr[level]
      expect(point).toEqual(tprAtFpr(scores.members, scores.nonMembers, Number(level)))
      expect(interval![0]).toBeLessThanOrEqual(interval![1])
    }
    expect(r).toMatchObject({ members: 570, nonMembers: 630, seed: 3 })
  })

  it('the same seed gives identical results; another seed other TPR intervals, the same advantage interval and point estimates', () => {
    const { scores, labels } = three
    const a = summarizeScores('loss', scores, labels, 7, [0.1])
    expect(summarizeScores('loss', scores, labels, 7, [0.1])).toEqual(a)
    const b = summarizeScores('loss', scores, labels, 8, [0.1])
    // The advantage's DKW interval is a formula of the advantage and the counts: no seed moves it.
    expect(b.advantageInterval).toEqual(a.advantageInterval)
    expect(b.tprAtFpr['0.1'].interval).not.toEqual(a.tprAtFpr['0.1'].interval)
    expect({ ...b, tprAtFpr: 0, seed: 0 }).toEqual({ ...a, tprAtFpr: 0, seed: 0 })
  })

  it('adds the asked FPR levels as extra keys without changing the other intervals', () => {
    const { scores, labels } = three
    const base = summarizeScores('entropy', scores, labels, 0)
    const more = summarizeScores('entropy', scores, labels, 0, [0.2, 0.05])
    expect(Object.keys(more.tprAtFpr)).toEqual(['0.01', '0.001', '0.2', '0.05'])
    expect(more.tprAtFpr['0.2']).toMatchObject(tprAtFpr(scores.members, scores.nonMembers, 0.2))
    expect(more.advantageInterval).toEqual(base.advantageInterval)
    expect(more.tprAtFpr['0.01']).toEqual(base.tprAtFpr['0.01'])
    expect(more.tprAtFpr['0.001']).toEqual(base.tprAtFpr['0.001'])
    // A level's interval depends on the level, not on its position among the others.
    expect(summarizeScores('entropy', scores, labels, 0, [0.05]).tprAtFpr['0.05']).toEqual(more.tprAtFpr['0.05'])
    // Asking for a standard level again changes nothing.
    expect(summarizeScores('entropy', scores, labels, 0, [0.01])).toEqual(base)
  })

  it('worstClass: the class whose members the attack separates best, with its AUC and DeLong interval', () => {
    const { scores, labels } = three
    const r = summarizeScores('loss', scores, labels, 0)
    const m = subset(scores.members, labels.members, 1), n = subset(scores.nonMembers, labels.nonMembers, 1)
    expect(r.worstClass).toEqual({ class: 1, auc: auc(m, n), aucInterval: delongInterval(m, n).interval, members: 150, nonMembers: 180 })
    expect(r.worstClass!.auc).toBeGreaterThan(r.auc)
  })

  it('worstClass on heavily tied scores (a 12-level grid, ±0): the class of highest AUC, as each class alone gives it', () => {
    const rng = createRng(6)
    const draw = (shift: number) => (rng.int(12) + Math.round(shift * rng.next())) / 12 - 0.5
    const ym = Int32Array.from({ length: 900 }, () => rng.int(4)), yn = Int32Array.from({ length: 800 }, () => rng.int(4))
    const members = Float64Array.from(ym, (c) => draw(c)), nonMembers = Float64Array.from(yn, () => draw(0))
    members[0] = -0
    nonMembers[0] = 0
    const r = summarizeScores('loss', { members, nonMembers }, { members: ym, nonMembers: yn }, 0)
    const perClass = [0, 1, 2, 3].map((c) => {
      const m = subset(members, ym, c), n = subset(nonMembers, yn, c)
      return { class: c, auc: auc(m, n), aucInterval: delongInterval(m, n).interval, members: m.length, nonMembers: n.length }
    })
    const best = perClass.reduce((a, b) => (b.auc > a.auc ? b : a))
    expect(r.worstClass).toEqual(best)
    expect(r.auc).toBe(auc(members, nonMembers))
  })

  it('worstClass: skips classes with fewer than 2 members or non-members, however well separated', () => {
    const d = data(2, [[100, 100], [1, 50], [60, 1], [80, 90]], [0.2, 9, 9, 1])
    expect(summarizeScores('loss', d.scores, d.labels, 0).worstClass).toMatchObject({ class: 3, members: 80, nonMembers: 90 })
  })

  it('worstClass: ties go to the lowest class index', () => {
    // Class 2 and class 1 hold the same scores, so their AUCs are equal.
    const members = new Float64Array([0.9, 0.8, 0.3, 0.9, 0.8, 0.3, 0.5, 0.5])
    const nonMembers = new Float64Array([0.2, 0.85, 0.1, 0.2, 0.85, 0.1, 0.6, 0.4])
    const labels = { members: new Int32Array([2, 2, 2, 1, 1, 1, 0, 0]), nonMembers: new Int32Array([2, 2, 2, 1, 1, 1, 0, 0]) }
    const r = summarizeScores('loss', { members, nonMembers }, labels, 0)
    expect(r.worstClass).toMatchObject({ class: 1, members: 3, nonMembers: 3 })
  })

  it('worstClass: absent with a single class, or when only one class has enough records', () => {
    const one = data(3, [[100, 120]], [1])
    const r = summarizeScores('loss', one.scores, one.labels, 0)
    expect('worstClass' in r).toBe(false)
    expect(Object.keys(r)).toEqual(['attack', 'auc', 'aucInterval', 'advantage', 'advantageInterval', 'tprAtFpr', 'members', 'nonMembers', 'seed'])
    const lopsided = data(4, [[100, 120], [1, 30], [30, 1]], [1, 2, 2])
    expect('worstClass' in summarizeScores('loss', lopsided.scores, lopsided.labels, 0)).toBe(false)
  })

  it('refuses labels that do not match the scores', () => {
    const { scores, labels } = three
    expect(() => summarizeScores('loss', scores, { ...labels, members: labels.members.subarray(1) }, 0)).toThrow(
      /labels\.members: expected one label per score \(570\), found 569/,
    )
    const negative = labels.nonMembers.slice()
    negative[4] = -1
    expect(() => summarizeScores('loss', scores, { ...labels, nonMembers: negative }, 0)).toThrow(/labels: expected non-negative class indices, found -1 at index 4/)
  })

  it('refuses NaN scores, naming the side and the index', () => {
    const { scores, labels } = three
    const members = scores.members.slice()
    members[17] = Number.NaN
    expect(() => summarizeScores('loss', { ...scores, members }, labels, 0)).toThrow(/memberScores: expected scores without NaN, found NaN at index 17/)
    const nonMembers = scores.nonMembers.slice()
    new Uint32Array(nonMembers.buffer)[2 * 5 + 1] = 0xfff80000 // a NaN with its sign bit set (sorts first), at index 5
    expect(() => summarizeScores('loss', { ...scores, nonMembers }, labels, 0)).toThrow(/nonMemberScores: expected scores without NaN, found NaN at index 5/)
  })

  it('intervals: false leaves out the TPR bootstrap intervals and nothing else; charts only when asked', () => {
    const { scores, labels } = three
    const full = summarizeScores('loss', scores, labels, 3, [0.1])
    const lean = summarizeScores('loss', scores, labels, 3, [0.1], undefined, { intervals: false })
    expect('charts' in full).toBe(false)
    expect(lean.advantageInterval).toEqual(full.advantageInterval)
    for (const level of ['0.01', '0.001', '0.1']) {
      expect('interval' in lean.tprAtFpr[level]).toBe(false)
      const { interval, ...point } = full.tprAtFpr[level]
      expect(interval).toHaveLength(2)
      expect(lean.tprAtFpr[level]).toEqual(point)
    }
    const { tprAtFpr, ...rest } = full
    const { tprAtFpr: _, ...leanRest } = lean
    expect(leanRest).toEqual(rest)
    expect(Object.keys(summarizeScores('loss', scores, labels, 3, [], undefined, { charts: true }).charts!)).toEqual(['roc', 'histogram'])
  })

  // Speed is measured in bench/scores.ts (ratios against a baseline), never asserted here.
  it('thins the ROC chart on a large audit: 20k + 20k distinct scores draw at most about 200 points', () => {
    const big = data(3, [[20_000, 20_000]], [1])
    const r = summarizeScores('max-confidence', big.scores, big.labels, 0, [], undefined, { charts: true })
    const { roc, histogram } = r.charts!
    // The full curve has a point per distinct score (about 40 001); the chart keeps ≤ 200 of them.
    expect(roc.fpr.length).toBe(roc.tpr.length)
    expect(roc.fpr.length).toBeGreaterThan(100)
    expect(roc.fpr.length).toBeLessThanOrEqual(202)
    expect([roc.fpr[0], roc.tpr[0], roc.fpr.at(-1), roc.tpr.at(-1)]).toEqual([0, 0, 1, 1])
    expect(histogram.members.length).toBe(30)
  })

  it('finds the worst class among 10 on 100k + 100k scores', () => {
    const rng = createRng(5)
    const count = 100_000
    const members = new Float64Array(count), nonMembers = new Float64Array(count)
    const ym = new Int32Array(count), yn = new Int32Array(count)
    for (let i = 0; i < count; i++) {
      ym[i] = rng.int(10); yn[i] = rng.int(10)
      members[i] = 0.3 + 0.02 * ym[i] + rng.normal()
      nonMembers[i] = rng.normal()
    }
    const r = summarizeScores('loss', { members, nonMembers }, { members: ym, nonMembers: yn }, 0)
    expect(r.worstClass?.class).toBe(9)
  })

})
