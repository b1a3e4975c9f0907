import type { CollectedRecord } from './gate-rows.js'
import { sortByFile } from './by-file.js'

/** Which row an entry of the pairing section belongs to: model, gate, test, file, attack and value. */
interface PairedRow {
  model: string
  gate: string
  test: string
  file: string
  attack: string
  /** The row's value, which ties the entry to its row. */
  value: number
  /** Fingerprint of the records the value was measured on (see `recordsDigest`). */
  records: string
}

/**
 * A membership AUC with what the paired DeLong test needs: the attack run's structural components.
 * Ranks only: no feature value, no score.
 */
export interface AucPairingEntry extends PairedRow {
  /** 2·m·V10 per member, in record order. */
  members: number[]
  /** 2·n·V01 per non-member, in record order. */
  nonMembers: number[]
}

/**
 * A rate (surrogate fidelity, surrogate accuracy, clean accuracy) with what the exact McNemar test
 * needs: one `'0'`/`'1'` per record, in record order (agreed with the target, or was right).
 */
export interface OutcomePairingEntry extends PairedRow {
  outcomes: string
}

/** One entry of the report's `pairing` section. */
export type PairingEntry = AucPairingEntry | OutcomePairingEntry

/**
 * The `pairing` section of `privacy-gates.json`: one entry per membership AUC over all records
 * whose attack run carries its components (a worst-class AUC has none; it is compared unpaired),
 * and one per rate gate that kept its per-record outcomes. Identical entries (a retried test) are
 * kept once; entries are sorted by test file like the rows, so a sharded run merged with
 * `--merge-reports` writes the same section as one unsharded run.
 */
export function reportPairing(collected: readonly CollectedRecord[]): PairingEntry[] {
  const out: PairingEntry[] = []
  const seen = new Set<string>()
  for (const { record: r, test, file } of collected) {
    const row = { model: r.model ?? '', gate: r.gate, test, file, attack: r.attack ?? '', value: r.value }
    let entry: PairingEntry | undefined
    if (r.gate === 'membershipAuc') {
      const run = r.charts?.membership?.find((c) => c.attack === r.attack && c.auc === r.value && c.pairing)
      if (run?.pairing) entry = { ...row, records: run.pairing.records, members: run.pairing.members, nonMembers: run.pairing.nonMembers }
    } else if (r.outcomes) {
      entry = { ...row, records: r.outcomes.records, outcomes: r.outcomes.outcomes }
    }
    if (!entry) continue
    const key = JSON.stringify([entry.model, entry.gate, test, file, entry.attack, entry.value, entry.records])
    if (seen.has(key)) continue
    seen.add(key)
    out.push(entry)
  }
  return sortByFile(out)
}
