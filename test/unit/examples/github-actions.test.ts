import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { COMPARE_HELP } from '../../../src/cli/compare.js'
import { HISTORY_HELP } from '../../../src/cli/history.js'

// The example workflow can only be run by GitHub; what it asks of this package is checked here.
const workflow = readFileSync(new URL('../../../examples/github-actions/privacy-gates.yml', import.meta.url), 'utf8')

describe('examples/github-actions/privacy-gates.yml', () => {
  const calls = [...workflow.matchAll(/npx privacy-gates (\w+) ([^\n]*)/g)].map((m) => ({ command: m[1], args: m[2].replace(/\s*>.*$/, '').split(/\s+/) }))

  it('calls compare and history append with options they have', () => {
    expect(calls.map((c) => c.command)).toEqual(['compare', 'history'])
    const helps: Record<string, string> = { compare: COMPARE_HELP, history: HISTORY_HELP }
    for (const c of calls) for (const flag of c.args.filter((a) => a.startsWith('--'))) expect(helps[c.command], `${c.command} ${flag}`).toContain(flag)
  })

  it('restores the baseline where the regression option and compare read it, and the history where the reporter draws it', () => {
    expect(calls[0].args.slice(0, 2)).toEqual(['results/baseline/privacy-gates.json', 'results/privacy-gates.json'])
    expect(workflow).toContain('"baseline": "results/baseline/privacy-gates.json"')
    expect(calls[1].args.slice(0, 3)).toEqual(['append', 'results/privacy-gates.json', 'results/history/history.jsonl'])
    expect(workflow).toContain("history: 'results/history/history.jsonl'")
    // saved and restored under one key family, both folders
    expect(workflow.match(/path: \|\n\s+results\/baseline\n\s+results\/history/g)).toHaveLength(2)
  })

  it('posts the comparison and fails the job only after it', () => {
    const at = (s: string) => workflow.indexOf(s)
    expect(at('continue-on-error: true')).toBeGreaterThan(0)
    expect(at('gh pr comment')).toBeGreaterThan(at('npx privacy-gates compare'))
    expect(at('if: steps.gates.outcome == \'failure\'')).toBeGreaterThan(at('gh pr comment'))
    expect(workflow).toContain('>> "$GITHUB_STEP_SUMMARY"')
  })
})
