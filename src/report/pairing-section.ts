import type { CollectedRecord } from './gate-rows.js'

/**
 * One membership AUC of a report with what the paired DeLong test needs: which row it belongs to
 * (model, gate, test, file, attack, value) and the attack run's fingerprint of the records and
 * structural components. Ranks only: no feature value, no score.
 */
export interface PairingEntry {
  model: string
  gate: string
  test: string
  file: string
  attack: string
  /** The row's value (the AUC), which ties the entry to its row. */
  value: number
  /** Fingerprint of the members and non-members (see `recordsDigest`). */
  records: string
  /** 2·m·V10 per member, in record order. */
  members: number[]
  /** 2·n·V01 per non-member, in record order. */
  nonMembers: number[]
}

/**
 * The `pairing` section of `privacy-gates.json`: one entry per membership AUC over all records
 * whose attack run carries its components (a worst-class AUC has none; it is compared unpaired).
 * Identical entries (a retried test) are kept once; entries are sorted by test file like the rows,
 * so a sharded run merged with `--merge-reports` writes the same section as one unsharded run.
 */
export function reportPairing(collected: readonly CollectedRecord[]): PairingEntry[] {
  const out: PairingEntry[] = []
  const seen = new Set<string>()
  for (const { record: r, test, file } of collected) {
    if (r.gate !== 'membershipAuc') continue
    const run = r.charts?.membership?.find((c) => c.attack === r.attack && c.auc === r.value && c.pairing)
    if (!run?.pairing) continue
    const entry: PairingEntry = {
      model: r.model ?? '', gate: r.gate, test, file, attack: r.attack ?? '', value: r.value,
      records: run.pairing.records, members: run.pairing.members, nonMembers: run.pairing.nonMembers,
    }
    const key = JSON.stringify([entry.model, entry.gate, test, file, entry.attack, entry.value, entry.records])
    if (seen.has(key)) continue
    seen.add(key)
    out.push(entry)
  }
  return out
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => (a.entry.file < b.entry.file ? -1 : a.entry.file > b.entry.file ? 1 : a.i - b.i))
    .map(({ entry }) => entry)
}
