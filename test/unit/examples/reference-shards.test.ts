import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CACHE_HELP } from '../../../src/cli/cache.js'
import { TRAIN_REFERENCES_HELP } from '../../../src/cli/train-references.js'

// The example workflow can only be run by GitHub; what it asks of this package is checked here.
const workflow = readFileSync(new URL('../../../examples/github-actions/reference-shards.yml', import.meta.url), 'utf8')

describe('examples/github-actions/reference-shards.yml', () => {
  const calls = [...workflow.matchAll(/run: npx privacy-gates ([\w-]+) ?([^\n]*)/g)].map((m) => ({ command: m[1], args: m[2].split(/\s+/).filter(Boolean) }))

  it('calls train-references with one shard per matrix entry, and cache ls, with options they have', () => {
    expect(calls.map((c) => c.command)).toEqual(['train-references', 'cache'])
    const helps: Record<string, string> = { 'train-references': TRAIN_REFERENCES_HELP, cache: CACHE_HELP }
    for (const c of calls) for (const flag of c.args.filter((a) => a.startsWith('--'))) expect(helps[c.command], `${c.command} ${flag}`).toContain(flag)
    const shards = /shard: \[([\d, ]+)\]/.exec(workflow)![1].split(',').map(Number)
    expect(workflow).toContain(`train-references --config privacy-gates.json --shard \${{ matrix.shard }}/${shards.length}\n`)
    expect(shards).toEqual(shards.map((_, i) => i + 1))
  })

  it('uploads each shard\'s entries and downloads every shard\'s into the one folder the gate job reads', () => {
    expect(workflow).toContain('PRIVACY_GATES_CACHE: ${{ github.workspace }}/.privacy-gates-cache')
    expect(workflow).toContain('name: privacy-references-${{ matrix.shard }}\n          path: ${{ env.PRIVACY_GATES_CACHE }}/entries/')
    expect(workflow).toContain('pattern: privacy-references-*\n          path: ${{ env.PRIVACY_GATES_CACHE }}/entries/\n          merge-multiple: true')
    // The gate job runs even when a shard failed (it trains what is missing).
    expect(workflow).toMatch(/gates:\n\s+needs: references\n\s+if: always\(\)/)
  })
})
