import { describe, expect, it } from 'vitest'
import { createProgress, progressEnabledByDefault } from '../../../src/runtime/progress.js'

/** A stream that records what is written, and a clock the test moves by hand. */
function fakes(isTTY: boolean) {
  const written: string[] = []
  let t = 1000
  return { stream: { isTTY, write: (s: string) => written.push(s) }, now: () => t, advance: (ms: number) => { t += ms }, written }
}

describe('createProgress', () => {
  it('not a TTY: a line at most every interval, a last line only for a task that printed', () => {
    const f = fakes(false)
    const p = createProgress({ stream: f.stream, now: f.now, interval: 5000 })
    const quick = p.start('quick', 3)
    quick.tick()
    quick.done()
    expect(f.written).toEqual([])
    const slow = p.start('surrogate', 100, 'epochs')
    f.advance(4000); slow.tick(40)
    f.advance(2000); slow.tick(10)
    f.advance(1000); slow.tick(10)
    f.advance(5000); slow.tick(40)
    slow.done()
    slow.done()
    expect(f.written).toEqual([
      'privacy-gates: surrogate: 50/100 epochs (50%), 6.0 s, ETA 6.0 s\n',
      'privacy-gates: surrogate: 100/100 epochs (100%), 12.0 s\n',
      'privacy-gates: surrogate: 100/100 epochs (100%), 12.0 s done\n',
    ])
  })

  it('a TTY: one line redrawn in place, ended when done', () => {
    const f = fakes(true)
    const task = createProgress({ stream: f.stream, now: f.now, redraw: 100 }).start('queries', 10, 'records')
    f.advance(160); task.tick(5)
    f.advance(40); task.tick(1)
    f.advance(100); task.tick(4)
    task.done()
    expect(f.written).toEqual([
      '\r\u001b[2Kprivacy-gates: queries: 5/10 records (50%), 0.2 s, ETA 0.2 s',
      '\r\u001b[2Kprivacy-gates: queries: 10/10 records (100%), 0.3 s',
      '\r\u001b[2Kprivacy-gates: queries: 10/10 records (100%), 0.3 s\n',
    ])
  })

  it('disabled: writes nothing', () => {
    const f = fakes(true)
    const p = createProgress({ stream: f.stream, now: f.now, enabled: false })
    const task = p.start('x', 1)
    f.advance(10_000); task.tick(); task.done()
    expect(p.enabled).toBe(false)
    expect(f.written).toEqual([])
  })
})

describe('progressEnabledByDefault', () => {
  it('on outside Vitest, off inside unless PRIVACY_GATES_PROGRESS says otherwise', () => {
    expect(progressEnabledByDefault({})).toBe(true)
    expect(progressEnabledByDefault({ VITEST: 'true' })).toBe(false)
    expect(progressEnabledByDefault({ VITEST: 'true', PRIVACY_GATES_PROGRESS: '1' })).toBe(true)
    expect(progressEnabledByDefault({ PRIVACY_GATES_PROGRESS: 'false' })).toBe(false)
    expect(progressEnabledByDefault({ PRIVACY_GATES_PROGRESS: '0' })).toBe(false)
  })
})
