import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stripVTControlCharacters } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeProbs, faultServer } from '../unit/targets/http/fault-server.js'
import { leaksIn, recordNeedles, tokenNeedles } from './leak-scan.js'
import { vitestBin } from './vitest-bin.js'

// Issue 13, items 1, 2 and 7 through the built package: `privacy-gates check` (bin/, dist/) and a
// Vitest run with the plugin, its reporter and a GitHub job summary, each against the project's
// fault server. Every byte printed (stdout, stderr) and written (reports, summary) is scanned for
// the token, every 6-character piece of it, and the member records.

const TOKEN = 'e2e-Fault-Tok-9xQ2mZ7w'
const cli = fileURLToPath(new URL('../../bin/privacy-gates.js', import.meta.url))
const root = fileURLToPath(new URL('./fixtures/http-faults/', import.meta.url))

interface Run {
  code: number | null
  out: string
}

/** Runs a command without blocking this process's event loop (the fault server answers from it). */
function run(args: readonly string[], env: Record<string, string>, cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: 'true', GITHUB_STEP_SUMMARY: '', ...env } })
    let out = ''
    child.stdout.on('data', (d: Buffer) => void (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => void (out += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, out: stripVTControlCharacters(out) }))
  })
}

/** Every file under `dir`, read as text. */
function filesUnder(dir: string): Array<{ path: string; text: string }> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((p) => statSync(p).isFile())
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }))
}

/** Member-like rows: 4 distinctive features (k/16 + 1/4096) and a label. */
function writeRows(path: string, n: number, offset: number): void {
  const lines = ['f0,f1,f2,f3,label']
  for (let i = 0; i < n; i++) {
    const f = [0, 1, 2, 3].map((c) => (((i + offset) * 7 + c * 5) % 16) / 16 + 1 / 4096)
    lines.push(`${f.join(',')},${i % 3}`)
  }
  writeFileSync(path, `${lines.join('\n')}\n`)
}

let dir: string
let server: Awaited<ReturnType<typeof faultServer>>
let needles: string[]
const env: Record<string, string> = {}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pg-http-faults-'))
  writeRows(join(dir, 'members.csv'), 12, 0)
  writeRows(join(dir, 'non-members.csv'), 12, 3)
  const members = join(dir, 'members.csv')
  const values = readFileSync(members, 'utf8').trim().split('\n').slice(1).flatMap((l) => l.split(',').slice(0, -1))
  needles = [...tokenNeedles(TOKEN), ...recordNeedles(members, 1), ...new Set(values)]
  let hung = 0
  server = await faultServer((body, req) => {
    const path = req.url
    const auth = String(req.headers.authorization)
    if (path.startsWith('/echo/')) return { status: 400, body: { error: `Failed to process element: 0 of 'instances' list. JSON Value: ${JSON.stringify(body.instances[0])} Type: Array is not of expected type: float (${auth})` } }
    if (path.startsWith('/token-body/')) return { body: `${TOKEN} is your session; renew it` }
    if (path.startsWith('/long/')) return { status: 503, body: { error: `${'o'.repeat(193)}${TOKEN}${'v'.repeat(60)}` } }
    if (path.startsWith('/query/')) return { status: 500, body: `cannot serve ${path}` }
    if (path.startsWith('/hang/')) return (hung++, { hang: true })
    return { body: { predictions: body.instances.map(fakeProbs) } }
  })
  Object.assign(env, { FAULT_URL: server.url, FAULT_TOKEN: TOKEN, FAULT_USERINFO_URL: server.url.replace('//', `//ci:${TOKEN}@`) })
  const target = (url: string, extra: object = {}) => ({ type: 'http', url, model: 'm', auth: { env: 'FAULT_TOKEN' }, batchSize: 4, concurrency: 2, timeoutMs: 5000, retry: { retries: 1, baseDelayMs: 10 }, ...extra })
  const model = (t: object) => ({ target: t, data: { members: 'members.csv', nonMembers: 'non-members.csv' } })
  const config = {
    defaults: { data: { label: 'label' }, gates: { membershipAuc: { max: 0.99, attack: 'loss' } } },
    models: {
      'echoes-rows': model(target('${FAULT_URL}/echo')),
      'token-body': model(target('${FAULT_URL}/token-body')),
      'token-across-cut': model(target('${FAULT_URL}/long')),
      'secret-query': model(target('${FAULT_URL}/query/?key=${FAULT_TOKEN}&sig=${FAULT_TOKEN}')),
      'user-info': model(target('${FAULT_USERINFO_URL}')),
      // Short, so the hang costs little; loaded CI machines still connect well within the others' 5 s.
      hangs: model(target('${FAULT_URL}/hang', { timeoutMs: 300 })),
    },
  }
  writeFileSync(join(dir, 'privacy-gates.json'), JSON.stringify(config, null, 2))
})

afterAll(async () => {
  await server?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function expectClean(text: string, where: string): void {
  expect(leaksIn(text, needles), `${where} leaks:\n${text}`).toEqual([])
}

describe('privacy-gates check against a faulty endpoint', () => {
  const cases: Array<[string, RegExp]> = [
    ['echoes-rows', /HTTP target "echoes-rows": batch rows \d+–\d+ failed at POST \$\{FAULT_URL\}\/echo\/v1\/models\/m:predict: HTTP 400 Bad Request, \d+ B of JSON \(not quoted: it holds a list of numbers, perhaps the request rows\)/],
    ['token-body', /failed at POST \$\{FAULT_URL\}\/token-body\/v1\/models\/m:predict: the answer is not JSON: HTTP 200 OK, 48 B of text: "\[redacted\] is your session; renew it"/],
    ['token-across-cut', /failed at POST \$\{FAULT_URL\}\/long\/v1\/models\/m:predict after 2 attempts: HTTP 503 Service Unavailable, \d+ B of JSON: "o{193}\[redact…"/],
    ['secret-query', /failed at POST \$\{FAULT_URL\}\/query\/v1\/models\/m:predict after 2 attempts: HTTP 500 Internal Server Error, \d+ B of text: "cannot serve \/query\/v1\/models\/m:predict\?key=\$\{FAULT_TOKEN\}&sig=\$\{FAULT_TOKEN\}"/],
    ['user-info', /HTTP target "user-info": url: the URL holds credentials \(a user name or password before "@"\); .*auth: \{ env: "MODEL_API_TOKEN" \}/],
    ['hangs', /failed at POST \$\{FAULT_URL\}\/hang\/v1\/models\/m:predict after 2 attempts: no answer within 300 ms \(timeoutMs\)/],
  ]
  // The runs wait on startup and on the server far more than they compute: start them together.
  const runs = new Map<string, Run>()
  beforeAll(async () => {
    await Promise.all(
      cases.map(async ([model]) => {
        const html = join(dir, `check-${model}`, 'privacy-report.html')
        runs.set(model, await run([cli, 'check', '--config', join(dir, 'privacy-gates.json'), '--model', model, '--html', html], env, dir))
      }),
    )
  }, 120_000)
  for (const [model, message] of cases) {
    it(`${model}: fails naming the URL and why; nothing secret or private printed or written`, () => {
      const r = runs.get(model)!
      expect(r.code, r.out).not.toBe(0)
      expect(r.out).toMatch(message)
      expectClean(r.out, 'check output')
      for (const f of (() => { try { return filesUnder(join(dir, `check-${model}`)) } catch { return [] } })()) expectClean(f.text, f.path)
    })
  }
})

describe('a Vitest run with the plugin against a faulty endpoint', () => {
  it('fails each model with its reason; output, reports and the job summary hold no token and no member record', async () => {
    const reports = join(dir, 'vitest-results')
    const summary = join(dir, 'summary.md')
    writeFileSync(summary, '')
    const r = await run([vitestBin, 'run', '--root', root, '--reporter', 'default'], {
      ...env,
      PRIVACY_GATES_CONFIG: join(dir, 'privacy-gates.json'),
      PRIVACY_GATES_REPORT_DIR: reports,
      PRIVACY_GATES_PROGRESS: '1',
      GITHUB_STEP_SUMMARY: summary,
      FAULT_MODELS: 'echoes-rows,token-body,token-across-cut,secret-query,user-info,hangs',
    }, root)
    expect(r.code, r.out).toBe(1)
    expect(r.out).toMatch(/6 failed/)
    expect(r.out).toContain('"[redacted] is your session; renew it"')
    expect(r.out).toContain('no answer within 300 ms (timeoutMs)')
    expectClean(r.out, 'vitest output')
    expectClean(readFileSync(summary, 'utf8'), 'job summary')
    for (const f of (() => { try { return filesUnder(reports) } catch { return [] } })()) expectClean(f.text, f.path)
  })
})
