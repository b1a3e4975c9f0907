import type { ExposureChart } from '../../gates/record.js'
import { fmt } from '../../gates/format.js'
import { escapeHtml } from './escape.js'

/**
 * The members a `recordsAtRisk` gate found at risk, one table per gate run: their ids (the data's
 * id column, else row indices) and risks, most exposed first. Ids only: no feature value, no score.
 */
export function exposureTables(exposures: readonly ExposureChart[]): string {
  return exposures.map((e) => {
    const listed = e.exposed.length < e.membersAtRisk ? ` (the ${e.exposed.length} most exposed listed)` : ''
    const caption =
      `${e.attack}, risk ≥ ${fmt(e.risk)}: ${e.membersAtRisk} of ${e.members} members at risk${listed}; ` +
      `${fmt(e.expectedByChance)} expected by chance, ${e.nonMembers} non-members`
    const rows = e.exposed.map((x, i) => `<tr><td>${i + 1}</td><td>${escapeHtml(x.id)}</td><td>${escapeHtml(fmt(x.risk))}</td></tr>`).join('')
    const body = e.exposed.length === 0 ? '<p class="note">No member at risk.</p>'
      : `<div class="table-wrap"><table><thead><tr><th>#</th><th>record id</th><th>risk</th></tr></thead><tbody>${rows}</tbody></table></div>`
    return `<p>${escapeHtml(caption)}</p>${body}`
  }).join('\n')
}
