import { describe, expect, it } from 'vitest'
import { anchors, codeBlocks, githubSlug, links } from './markdown.js'

const DOC = [
  '# Title',
  '',
  'See [keys](#the-thresholds-file-privacy-gatesjson) and [lab](lab.md#the-lab), not `[code](x.md)`.',
  '',
  '```ts fragment',
  'await expect(model).toPassReleaseGates()',
  '```',
  '',
  '```sh',
  '# a comment, not a heading',
  'echo "[no](link.md)"',
  '```',
  '',
  '## The thresholds file (`privacy-gates.json`)',
  '## Interface controls: governance, monitoring, watermarks',
  '## Title',
].join('\n')

describe('markdown reading for the doc tests', () => {
  it('slugs headings as GitHub does', () => {
    expect(githubSlug('The thresholds file (`privacy-gates.json`)')).toBe('the-thresholds-file-privacy-gatesjson')
    expect(githubSlug('HTTP and ONNX targets')).toBe('http-and-onnx-targets')
    expect(githubSlug('The example service (`examples/http-api/`)')).toBe('the-example-service-exampleshttp-api')
    expect(githubSlug('Exit codes: 0, 1, 2, 3')).toBe('exit-codes-0-1-2-3')
  })

  it('lists the anchors of headings outside code, numbering repeats', () => {
    expect([...anchors(DOC)]).toEqual([
      'title',
      'the-thresholds-file-privacy-gatesjson',
      'interface-controls-governance-monitoring-watermarks',
      'title-1',
    ])
  })

  it('reads fenced blocks with their info string and opening line', () => {
    expect(codeBlocks(DOC)).toEqual([
      { lang: 'ts', flags: ['fragment'], code: 'await expect(model).toPassReleaseGates()', line: 5 },
      { lang: 'sh', flags: [], code: '# a comment, not a heading\necho "[no](link.md)"', line: 9 },
    ])
    expect(() => codeBlocks('```ts\nopen')).toThrow(/line 1: code block is never closed/)
  })

  it('reads links outside code blocks and code spans', () => {
    expect(links(DOC)).toEqual([
      { target: '#the-thresholds-file-privacy-gatesjson', line: 3 },
      { target: 'lab.md#the-lab', line: 3 },
    ])
  })
})
