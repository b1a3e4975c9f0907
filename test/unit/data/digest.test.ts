import { describe, expect, it } from 'vitest'
import { toDense } from '../../../src/data/dataset.js'
import { recordsDigest } from '../../../src/data/digest.js'

const ds = (x: number[][], y: number[]) => toDense({ x, y }, 'records')

describe('recordsDigest', () => {
  const members = ds([[0, 1], [2, 3]], [0, 1])
  const nonMembers = ds([[4, 5], [6, 7]], [1, 0])

  it('is 16 hex digits, the same for the same records in the same order', () => {
    const d = recordsDigest(members, nonMembers)
    expect(d).toMatch(/^[0-9a-f]{16}$/)
    expect(recordsDigest(ds([[0, 1], [2, 3]], [0, 1]), ds([[4, 5], [6, 7]], [1, 0]))).toBe(d)
  })

  it('changes with the order, a label, a feature, or which side a record is on', () => {
    const d = recordsDigest(members, nonMembers)
    expect(recordsDigest(ds([[2, 3], [0, 1]], [1, 0]), nonMembers)).not.toBe(d)
    expect(recordsDigest(ds([[0, 1], [2, 3]], [1, 1]), nonMembers)).not.toBe(d)
    expect(recordsDigest(ds([[0, 1], [2, 3.5]], [0, 1]), nonMembers)).not.toBe(d)
    expect(recordsDigest(nonMembers, members)).not.toBe(d)
  })
})
